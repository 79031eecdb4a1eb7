package net.activationserver.admin.boundary;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

public class UnknownAccountException extends AslException {
    public UnknownAccountException(String username) {
        super(ProblemCode.ASL_NOT_FOUND, "There is no account " + username + ".");
    }
}
