package net.activationserver.api;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A request body read strictly: it must be one JSON object with only the fields the endpoint knows,
 * each of the right type. Every problem is collected with its field name, then reported at once
 * as one ASL_INVALID_REQUEST.
 */
public final class JsonBody {

    private final JsonObject object;
    private final List<AslException.FieldError> errors = new ArrayList<>();

    private JsonBody(JsonObject object) {
        this.object = object;
    }

    /** Parses a body; an empty body is an empty object when {@code optional}. */
    public static JsonBody parse(byte[] body, boolean optional, Set<String> knownFields) {
        if (body == null || body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            if (optional) {
                return new JsonBody(JsonValue.EMPTY_JSON_OBJECT);
            }
            throw new InvalidRequestException("A JSON body is required.");
        }
        JsonValue value;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            value = reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw new InvalidRequestException("The body is not valid JSON.");
        }
        if (!(value instanceof JsonObject object)) {
            throw new InvalidRequestException("The body must be a JSON object.");
        }
        JsonBody parsed = new JsonBody(object);
        for (String field : object.keySet()) {
            if (!knownFields.contains(field)) {
                parsed.error(field, "unknown field");
            }
        }
        return parsed;
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
        errors.add(new AslException.FieldError(field, message));
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
