package net.activationserver.api;

import jakarta.json.Json;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.function.BiConsumer;
import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

/** The RFC 9457 body of every error answer. */
public record Problem(String type, String title, int status, String detail, String code, List<AslException.FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** How long a client waits after a 503 before it tries again. */
    static final int RETRY_AFTER_SECONDS = 5;

    /**
     * The headers API.md promises with some problems, whoever writes the answer (the exception mapper, or a servlet for
     * what Jakarta REST never sees): {@code WWW-Authenticate} with 401 of the admin API, {@code Retry-After} with 429
     * and 503.
     */
    static void headers(AslException refusal, BiConsumer<String, Object> header) {
        switch (refusal.code()) {
            case ASL_UNAUTHORIZED -> header.accept("WWW-Authenticate", "Basic realm=\"Activation Server\", charset=\"UTF-8\"");
            case ASL_RATE_LIMITED -> header.accept("Retry-After", Math.max(1, refusal.retryAfterSeconds()));
            case ASL_UNAVAILABLE -> header.accept("Retry-After", refusal.retryAfterSeconds() > 0 ? refusal.retryAfterSeconds() : RETRY_AFTER_SECONDS);
            default -> {
            }
        }
    }

    public static Problem of(ProblemCode code, int status, String detail, List<AslException.FieldError> errors) {
        return new Problem(code.type(), code.title(), status, detail, code.name(), errors == null || errors.isEmpty() ? null : errors);
    }

    /** Answers a problem from outside Jakarta REST (a servlet or filter), for paths under /api/ that REST never sees. */
    public static void write(HttpServletResponse response, ProblemCode code, String detail) throws IOException {
        write(response, code, code.status(), detail);
    }

    /** The same for a refusal whose status is its own (405, 413 ... are ASL_INVALID_REQUEST). */
    public static void write(HttpServletResponse response, AslException refusal) throws IOException {
        headers(refusal, (name, value) -> response.setHeader(name, String.valueOf(value)));
        write(response, refusal.code(), refusal.status(), refusal.getMessage());
    }

    private static void write(HttpServletResponse response, ProblemCode code, int status, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Json.createObjectBuilder()
                .add("type", code.type())
                .add("title", code.title())
                .add("status", status)
                .add("detail", detail)
                .add("code", code.name())
                .build().toString());
    }
}
