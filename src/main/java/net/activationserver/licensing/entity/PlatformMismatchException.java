package net.activationserver.licensing.entity;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

public class PlatformMismatchException extends AslException {
    public PlatformMismatchException(String detail) {
        super(ProblemCode.ASL_PLATFORM_MISMATCH, detail);
    }
}
