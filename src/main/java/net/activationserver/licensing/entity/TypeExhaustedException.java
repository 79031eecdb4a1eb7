package net.activationserver.licensing.entity;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

public class TypeExhaustedException extends AslException {
    public TypeExhaustedException(String detail) {
        super(ProblemCode.ASL_TYPE_EXHAUSTED, detail);
    }
}
