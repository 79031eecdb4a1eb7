package net.activationserver.admin.boundary;

import net.activationserver.server.control.Retries;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import net.activationserver.api.Admins;
import net.activationserver.server.entity.Actor;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.List;
import net.activationserver.server.boundary.Nodes;
import net.activationserver.server.boundary.NodeView;

@Path("admin/nodes")
@Admins
@Produces(MediaType.APPLICATION_JSON)
public class AdminNodesResource {

    @Inject
    Nodes nodes;

    @GET
    @Operation(summary = "Server nodes", description = "Every node on this database: name, address, version, startedAt, lastSeenAt, "
            + "status (UP, or DOWN when not seen for three asl.node.refresh periods) and self (the node that answered).")
    @APIResponse(responseCode = "200", description = "[node]")
    public List<NodeView> nodes() {
        return nodes.nodes();
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Forget a node", description = "Removes a DOWN node (retired or renamed) from the list. A node that runs again records itself again.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    @APIResponse(responseCode = "404", description = "ASL_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "ASL_CONFLICT: the node is UP")
    public Response forget(@PathParam("name") String name, @Context SecurityContext security) {
        Retries.retried(() -> nodes.forget(name, Actor.admin(security)));
        return Response.noContent().build();
    }
}
