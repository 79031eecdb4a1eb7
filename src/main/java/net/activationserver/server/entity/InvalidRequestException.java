package net.activationserver.server.entity;

import java.util.List;

public class InvalidRequestException extends AslException {

    public InvalidRequestException(String detail) {
        super(ProblemCode.ASL_INVALID_REQUEST, detail);
    }

    public InvalidRequestException(String detail, List<FieldError> errors) {
        super(ProblemCode.ASL_INVALID_REQUEST, detail, errors);
    }

    public InvalidRequestException(int status, String detail) {
        super(ProblemCode.ASL_INVALID_REQUEST, status, detail, List.of());
    }

    public static InvalidRequestException field(String field, String message) {
        return new InvalidRequestException("Invalid field " + field + ": " + message, List.of(new FieldError(field, message)));
    }
}
