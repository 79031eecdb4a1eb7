package net.activationserver.admin.boundary;

import net.activationserver.api.AslException;
import net.activationserver.api.ProblemCode;

public class UnknownAccountException extends AslException {
    public UnknownAccountException(String username) {
        super(ProblemCode.ASL_NOT_FOUND, "There is no account " + username + ".");
    }
}
