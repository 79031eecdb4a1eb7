package net.activationserver.licensing.boundary;

import net.activationserver.api.AslException;
import net.activationserver.api.ProblemCode;

public class BadLicenseFileException extends AslException {
    public BadLicenseFileException(String detail) {
        super(ProblemCode.ASL_BAD_LICENSE_FILE, detail);
    }
}
