package net.activationserver.server.entity;


/** A concurrent change won (optimistic lock); the client may retry. */
public class ConflictException extends AslException {
    public ConflictException(String detail) {
        super(ProblemCode.ASL_CONFLICT, detail);
    }
}
