package net.activationserver.api;

import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;

/** The appliance proof failed. The debug log gets the seed's line and the reason. */
public class NotAnApplianceException extends AslException {

    public static final String SEED_MESSAGE = "Cannot verify ASL instance check. Is the request really coming from a LoadMaster?";

    private final String reason;

    public NotAnApplianceException(String reason) {
        super(ProblemCode.ASL_NOT_AN_APPLIANCE, "The request does not carry a valid appliance proof: " + reason);
        this.reason = reason;
    }

    @Override
    public String debugMessage() {
        return SEED_MESSAGE;
    }

    @Override
    public String reason() {
        return reason;
    }
}
