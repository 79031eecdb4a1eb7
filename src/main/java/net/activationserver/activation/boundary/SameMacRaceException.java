package net.activationserver.activation.boundary;

import net.activationserver.server.entity.ConflictException;

/** Two activations of one new MAC met; the loser is repeated as a re-activation. */
public class SameMacRaceException extends ConflictException {
    public SameMacRaceException(String mac) {
        super("Another activation of MAC " + mac + " was in progress; repeat the request.");
    }
}
