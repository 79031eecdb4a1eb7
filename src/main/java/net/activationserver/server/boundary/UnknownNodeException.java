package net.activationserver.server.boundary;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

public class UnknownNodeException extends AslException {
    public UnknownNodeException(String name) {
        super(ProblemCode.ASL_NOT_FOUND, "No server node " + name + ".");
    }
}
