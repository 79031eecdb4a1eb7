package net.activationserver.licensing.boundary;

import net.activationserver.api.AslException;
import net.activationserver.api.ProblemCode;

public class UnknownLicenseTypeException extends AslException {
    public UnknownLicenseTypeException(String detail) {
        super(ProblemCode.ASL_UNKNOWN_LICENSE_TYPE, detail);
    }
}
