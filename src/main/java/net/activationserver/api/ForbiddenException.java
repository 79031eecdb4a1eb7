package net.activationserver.api;

public class ForbiddenException extends AslException {
    public ForbiddenException(String detail) {
        super(ProblemCode.ASL_FORBIDDEN, detail);
    }
}
