package net.activationserver.api;

import java.util.List;

/** The RFC 9457 body of every error answer. */
public record Problem(String type, String title, int status, String detail, String code, List<AslException.FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ProblemCode code, int status, String detail, List<AslException.FieldError> errors) {
        return new Problem(code.type(), code.title(), status, detail, code.name(), errors == null || errors.isEmpty() ? null : errors);
    }
}
