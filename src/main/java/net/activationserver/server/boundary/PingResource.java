package net.activationserver.server.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import net.activationserver.server.control.Node;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

@Path("ping")
public class PingResource {

    @Inject
    Node node;

    public record Pong(String status, String node, String time) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ping Activation Server", description = "The appliance's troubleshooting check; no proof needed.")
    @APIResponse(responseCode = "200", description = "{\"status\": \"UP\", \"node\", \"time\"}")
    public Pong ping() {
        return new Pong("UP", node.name(), Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
    }
}
