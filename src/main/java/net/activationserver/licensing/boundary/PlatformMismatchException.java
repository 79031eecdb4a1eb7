package net.activationserver.licensing.boundary;

import net.activationserver.api.AslException;
import net.activationserver.api.ProblemCode;

public class PlatformMismatchException extends AslException {
    public PlatformMismatchException(String detail) {
        super(ProblemCode.ASL_PLATFORM_MISMATCH, detail);
    }
}
