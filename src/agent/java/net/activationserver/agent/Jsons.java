package net.activationserver.agent;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;

/** JSON through Jakarta JSON Processing; the provider is looked up once (a lookup per call is slow). */
final class Jsons {

    static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonWriterFactory PRETTY = PROVIDER.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

    private Jsons() {
    }

    static JsonStructure parse(String text) {
        try (JsonReader reader = PROVIDER.createReader(new StringReader(text))) {
            return reader.read();
        }
    }

    /** The JSON object in {@code text}, or null when it is not one. */
    static JsonObject objectOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return parse(text) instanceof JsonObject object ? object : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    static JsonArray arrayOrNull(String text) {
        try {
            return parse(text) instanceof JsonArray array ? array : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    static String string(JsonObject object, String name) {
        JsonValue value = object == null ? null : object.get(name);
        return value instanceof JsonString text ? text.getString() : null;
    }

    static Long number(JsonObject object, String name) {
        JsonValue value = object == null ? null : object.get(name);
        return value instanceof JsonNumber number ? number.longValue() : null;
    }

    static String pretty(JsonStructure value) {
        StringWriter text = new StringWriter();
        try (JsonWriter writer = PRETTY.createWriter(text)) {
            writer.write(value);
        }
        return text.toString().strip() + "\n";
    }

    static String compact(JsonStructure value) {
        StringWriter text = new StringWriter();
        try (JsonWriter writer = PROVIDER.createWriter(text)) {
            writer.write(value);
        }
        return text.toString();
    }
}
