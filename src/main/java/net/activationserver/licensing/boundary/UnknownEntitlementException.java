package net.activationserver.licensing.boundary;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

public class UnknownEntitlementException extends AslException {
    public UnknownEntitlementException(String licenseId) {
        super(ProblemCode.ASL_NOT_FOUND, "No installed license file " + licenseId + ".");
    }
}
