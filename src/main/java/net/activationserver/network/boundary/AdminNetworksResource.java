package net.activationserver.network.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import net.activationserver.api.Admins;
import net.activationserver.api.JsonBody;
import net.activationserver.server.control.Retries;
import net.activationserver.server.entity.Actor;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("admin/networks")
@Admins
@Produces(MediaType.APPLICATION_JSON)
public class AdminNetworksResource {

    @Inject
    Networks networks;

    @GET
    @Operation(summary = "Networks", description = "Every network: id, name, isDefault, appliances added by hand, and releaseAfter (its own "
            + "asl.seat.release-after, or null for the server's).")
    @APIResponse(responseCode = "200", description = "[network]")
    public List<NetworkView> networks() {
        return networks.networks();
    }

    @jakarta.ws.rs.POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a network", description = "Body {\"name\"}: 1 to 100 characters, unique.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "NewNetwork")))
    @APIResponse(responseCode = "201", description = "The network")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    @APIResponse(responseCode = "409", description = "ASL_CONFLICT (the name is taken)")
    public jakarta.ws.rs.core.Response createNetwork(byte[] body, @Context SecurityContext security) {
        JsonBody json = JsonBody.parse(body, false, Set.of("name"));
        String name = json.string("name", true, 200);
        json.requireValid();
        return jakarta.ws.rs.core.Response.status(jakarta.ws.rs.core.Response.Status.CREATED)
                .entity(Retries.retried(() -> networks.create(name, Actor.admin(security)))).build();
    }

    @PUT
    @Path("{id}/release-after")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A network's seat release", description = "Body {\"releaseAfter\": ISO-8601 duration from PT1M to P3650D, or null}: "
            + "the seats of this network's appliances are released after that much silence (after asl.heartbeat.timeout), when sooner "
            + "than the server's asl.seat.release-after (an autoscaling group: PT1H). Their leases are shortened to match at their next "
            + "heartbeat, so that no lease outlives its seat. null: the server's setting again. Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "NetworkRelease")))
    @APIResponse(responseCode = "200", description = "The network")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    @APIResponse(responseCode = "404", description = "ASL_NOT_FOUND")
    public NetworkView releaseAfter(@PathParam("id") long id, byte[] body, @Context SecurityContext security) {
        JsonBody json = JsonBody.parse(body, false, Set.of("releaseAfter"));
        Duration releaseAfter = json.duration("releaseAfter", false);
        json.requireValid();
        return Retries.retried(() -> networks.releaseAfter(id, releaseAfter, Actor.admin(security)));
    }
}
