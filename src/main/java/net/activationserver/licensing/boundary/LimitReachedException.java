package net.activationserver.licensing.boundary;

import net.activationserver.api.AslException;
import net.activationserver.api.ProblemCode;

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
