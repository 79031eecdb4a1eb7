package net.activationserver.api;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.stream.JsonParser;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.InvalidRequestException;

/**
 * A request body read strictly: it must be one JSON object with only the fields the endpoint knows,
 * each of the right type. Every problem is collected with its field name, then reported at once
 * as one ASL_INVALID_REQUEST.
 */
public final class JsonBody {

    /** Looked up once: {@code Json.createReader} and friends search the class path for a provider at every call. */
    private static final jakarta.json.spi.JsonProvider JSON = jakarta.json.spi.JsonProvider.provider();


    private final JsonObject object;
    private final List<AslException.FieldError> errors;
    /** Before each field name in errors: "" for the body, "replaces." for a nested object. */
    private final String prefix;

    private JsonBody(JsonObject object) {
        this(object, new ArrayList<>(), "");
    }

    private JsonBody(JsonObject object, List<AslException.FieldError> errors, String prefix) {
        this.object = object;
        this.errors = errors;
        this.prefix = prefix;
    }

    /**
     * An optional nested object, read the same way: its errors are this body's, named {@code field.inner}.
     * @return null when absent (or not an object, which is an error)
     */
    public JsonBody nested(String field, Set<String> knownFields) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonObject inner)) {
            error(field, "must be an object");
            return null;
        }
        JsonBody nested = new JsonBody(inner, errors, prefix + field + ".");
        inner.keySet().stream().filter(name -> !knownFields.contains(name)).forEach(name -> nested.error(name, "unknown field"));
        return nested;
    }

    /** Parses a body; an empty body is an empty object when {@code optional}. */
    public static JsonBody parse(byte[] body, boolean optional, Set<String> knownFields) {
        if (body == null || body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            if (optional) {
                return new JsonBody(JsonValue.EMPTY_JSON_OBJECT);
            }
            throw new InvalidRequestException("A JSON body is required.");
        }
        JsonObject object;
        try {
            object = readSingleObject(body);
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new InvalidRequestException("The body is not valid JSON.");
        }
        JsonBody parsed = new JsonBody(object);
        for (String field : object.keySet()) {
            if (!knownFields.contains(field)) {
                parsed.error(field, "unknown field");
            }
        }
        return parsed;
    }

    /**
     * Exactly one JSON object and nothing after it; a key repeated at the top level is refused
     * rather than silently taking the last value.
     */
    private static JsonObject readSingleObject(byte[] body) {
        Set<String> keys = new HashSet<>();
        try (JsonParser scan = JSON.createParser(new ByteArrayInputStream(body))) {
            if (!scan.hasNext() || scan.next() != JsonParser.Event.START_OBJECT) {
                throw new InvalidRequestException("The body must be a JSON object.");
            }
            int depth = 1;
            while (depth > 0) {
                JsonParser.Event event = scan.next();
                switch (event) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case KEY_NAME -> {
                        if (depth == 1 && !keys.add(scan.getString())) {
                            throw InvalidRequestException.field(scan.getString(), "appears more than once");
                        }
                    }
                    default -> {
                    }
                }
            }
            if (scan.hasNext()) {
                throw new InvalidRequestException("The body must hold one JSON object and nothing after it.");
            }
        }
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body))) {
            return reader.readObject();
        }
    }

    public String string(String field, boolean required, int maxLength) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            if (required) {
                error(field, "is required");
            }
            return null;
        }
        if (!(value instanceof JsonString text)) {
            error(field, "must be a string");
            return null;
        }
        String result = text.getString();
        if (required && result.isBlank()) {
            error(field, "must not be empty");
            return null;
        }
        if (result.length() > maxLength) {
            error(field, "must be at most " + maxLength + " characters");
            return null;
        }
        return result;
    }

    /** A required, non-empty array of at most {@code maxItems} non-blank strings of at most {@code maxLength} characters. */
    public List<String> strings(String field, int maxItems, int maxLength) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            error(field, "is required");
            return null;
        }
        if (!(value instanceof jakarta.json.JsonArray array) || array.isEmpty() || array.size() > maxItems) {
            error(field, "must be an array of 1 to " + maxItems + " strings");
            return null;
        }
        List<String> result = new ArrayList<>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonString text) || text.getString().isBlank() || text.getString().length() > maxLength) {
                error(field, "must hold only non-empty strings of at most " + maxLength + " characters");
                return null;
            }
            result.add(text.getString());
        }
        return result;
    }

    /** An ISO-8601 duration ({@code PT1H}, {@code P7D}), or null when absent or JSON null (an error when required). */
    public java.time.Duration duration(String field, boolean required) {
        String text = string(field, required, 40);
        try {
            return text == null ? null : java.time.Duration.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            error(field, "must be an ISO-8601 duration such as PT1H or P7D");
            return null;
        }
    }

    /** An ISO-8601 instant ({@code 2027-06-30T00:00:00Z}), or null when absent (an error when required). */
    public java.time.Instant instant(String field, boolean required) {
        String text = string(field, required, 40);
        try {
            return text == null ? null : java.time.Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            error(field, "must be an ISO-8601 instant such as 2027-06-30T00:00:00Z");
            return null;
        }
    }

    public Boolean bool(String field, boolean required) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            if (required) {
                error(field, "is required");
            }
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.TRUE && value.getValueType() != JsonValue.ValueType.FALSE) {
            error(field, "must be true or false");
            return null;
        }
        return value.getValueType() == JsonValue.ValueType.TRUE;
    }

    public Long whole(String field, long min, long max) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            error(field, "must be a whole number");
            return null;
        }
        try {
            long result = number.longValueExact();
            if (result < min || result > max) {
                error(field, "must be between " + min + " and " + max);
                return null;
            }
            return result;
        } catch (ArithmeticException e) {
            error(field, "is out of range");
            return null;
        }
    }

    public void error(String field, String message) {
        errors.add(new AslException.FieldError(prefix + field, message));
    }

    /** Throws one ASL_INVALID_REQUEST naming every bad field, if there is any. */
    public void requireValid() {
        if (!errors.isEmpty()) {
            AslException.FieldError first = errors.get(0);
            throw new InvalidRequestException("Invalid field " + first.field() + ": " + first.message()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), errors);
        }
    }
}
