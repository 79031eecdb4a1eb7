package net.activationserver.agent;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.net.URI;

/** One HTTP answer from one server. */
public record Answer(int status, String contentType, String body, URI server, long latencyNanos, String retryAfter) {

    public JsonObject json() {
        return Jsons.objectOrNull(body);
    }

    /** The problem code of a problem+json answer, or null. */
    public String problemCode() {
        return Jsons.string(json(), "code");
    }

    /** "409 ASL_TYPE_EXHAUSTED: detail (field: message)" for a refusal; never includes request headers. */
    public String describe() {
        JsonObject problem = json();
        StringBuilder text = new StringBuilder().append(status);
        String code = Jsons.string(problem, "code");
        if (code != null) {
            text.append(' ').append(code);
        }
        String detail = Jsons.string(problem, "detail");
        if (detail == null) {
            detail = Jsons.string(problem, "title");
        }
        if (detail != null) {
            text.append(": ").append(detail);
        } else if (problem == null && body != null && !body.isBlank()) {
            String start = body.strip().replaceAll("\\s+", " ");
            text.append(": ").append(start, 0, Math.min(120, start.length()));
        }
        if (problem != null && problem.get("errors") instanceof JsonArray errors) {
            for (JsonValue error : errors) {
                if (error instanceof JsonObject field) {
                    text.append(" [").append(Jsons.string(field, "field")).append(": ").append(Jsons.string(field, "message")).append(']');
                }
            }
        }
        if (retryAfter != null) {
            text.append(" (Retry-After ").append(retryAfter).append(" s)");
        }
        return text.toString();
    }

    public double latencyMillis() {
        return latencyNanos / 1e6;
    }
}
