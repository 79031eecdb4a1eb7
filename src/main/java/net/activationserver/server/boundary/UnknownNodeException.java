package net.activationserver.server.boundary;

import net.activationserver.api.AslException;
import net.activationserver.api.ProblemCode;

public class UnknownNodeException extends AslException {
    public UnknownNodeException(String name) {
        super(ProblemCode.ASL_NOT_FOUND, "No server node " + name + ".");
    }
}
