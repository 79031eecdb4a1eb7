package net.activationserver.licensing.boundary;

import net.activationserver.api.AslException;
import net.activationserver.api.ProblemCode;

public class TypeExhaustedException extends AslException {
    public TypeExhaustedException(String detail) {
        super(ProblemCode.ASL_TYPE_EXHAUSTED, detail);
    }
}
