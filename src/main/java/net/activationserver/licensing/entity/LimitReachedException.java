package net.activationserver.licensing.entity;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

public class LimitReachedException extends AslException {
    public LimitReachedException(String detail) {
        super(ProblemCode.ASL_LIMIT_REACHED, detail);
    }

    public static final String SEED_MESSAGE = "ASL instance limit already reached. Cannot issue more licenses";

    @Override
    public String debugMessage() {
        return SEED_MESSAGE;
    }
}
