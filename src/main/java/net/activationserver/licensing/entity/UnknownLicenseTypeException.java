package net.activationserver.licensing.entity;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

public class UnknownLicenseTypeException extends AslException {
    public UnknownLicenseTypeException(String detail) {
        super(ProblemCode.ASL_UNKNOWN_LICENSE_TYPE, detail);
    }
}
