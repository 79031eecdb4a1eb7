package net.activationserver.admin.boundary;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

public class UnknownTokenException extends AslException {
    public UnknownTokenException(String id) {
        super(ProblemCode.ASL_NOT_FOUND, "There is no API token " + id + ".");
    }
}
