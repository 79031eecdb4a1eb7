package net.activationserver.network.boundary;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

import java.util.List;

/** Network names are unique (ignoring case), so an operator never has two networks to tell apart by id. */
public class NetworkNameTakenException extends AslException {
    public NetworkNameTakenException(String name) {
        super(ProblemCode.ASL_CONFLICT, "A network named " + name + " exists already.",
                List.of(new FieldError("name", "is taken by another network")));
    }
}
