package net.activationserver.licensing.boundary;

import net.activationserver.api.AslException;
import net.activationserver.api.ProblemCode;

public class UnknownEntitlementException extends AslException {
    public UnknownEntitlementException(String licenseId) {
        super(ProblemCode.ASL_NOT_FOUND, "No installed license file " + licenseId + ".");
    }
}
