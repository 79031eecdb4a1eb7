package net.activationserver.activation.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import net.activationserver.activation.control.Leases;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.Map;

@Path("lease-keys")
public class LeaseKeysResource {

    @Inject
    Leases leases;

    @GET
    @Produces({MediaType.APPLICATION_JSON, "application/jwk-set+json"})
    @Operation(summary = "Lease verification keys", description = "A JWK Set (RFC 7517) of every public key that signs leases, by kid. No proof needed.")
    @APIResponse(responseCode = "200", description = "JWK Set")
    public Map<String, Object> keys() {
        return leases.publicKeys();
    }
}
