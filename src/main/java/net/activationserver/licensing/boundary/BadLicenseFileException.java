package net.activationserver.licensing.boundary;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

public class BadLicenseFileException extends AslException {
    public BadLicenseFileException(String detail) {
        super(ProblemCode.ASL_BAD_LICENSE_FILE, detail);
    }
}
