package net.activationserver.activation.entity;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

/** No lease signing key with that kid (never was, or already retired). */
public class UnknownLeaseKeyException extends AslException {
    public UnknownLeaseKeyException(String kid) {
        super(ProblemCode.ASL_NOT_FOUND, kid != null && kid.matches("[A-Za-z0-9._-]{1,64}")
                ? "No lease signing key " + kid + "." : "No lease signing key with that kid.");
    }
}
