package net.activationserver.api;

public class UnauthorizedException extends AslException {
    public UnauthorizedException(String detail) {
        super(ProblemCode.ASL_UNAUTHORIZED, detail);
    }
}
