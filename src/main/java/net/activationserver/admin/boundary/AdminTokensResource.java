package net.activationserver.admin.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import net.activationserver.admin.entity.Role;
import net.activationserver.api.Admins;
import net.activationserver.api.JsonBody;
import net.activationserver.server.control.Retries;
import net.activationserver.server.entity.Actor;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("admin/tokens")
@Admins
@Produces(MediaType.APPLICATION_JSON)
public class AdminTokensResource {

    @Inject
    ApiTokens tokens;

    @GET
    @Operation(summary = "API tokens", description = "Every automation token: id, name, role, createdAt, createdBy, expiresAt, revokedAt, lastUsedAt "
            + "(to the minute). Never the token.")
    @APIResponse(responseCode = "200", description = "[token]")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    public List<ApiTokens.TokenView> tokens() {
        return tokens.tokens();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an API token", description = "Body {\"name\", \"role\": \"admin\" or \"viewer\", \"expiresAt\": ISO-8601 instant, at most 730 days "
            + "ahead}. The answer carries the token (asl_...) this once; it is stored hashed. Automation sends it as Authorization: Bearer on "
            + "/api/v1/admin/**, and acts in its role; the audit trail names it token:NAME.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "NewToken")))
    @APIResponse(responseCode = "201", description = "The token, with its secret value")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    @APIResponse(responseCode = "409", description = "ASL_CONFLICT (the name is taken)")
    public Response createToken(byte[] body, @Context SecurityContext security) {
        JsonBody json = JsonBody.parse(body, false, Set.of("name", "role", "expiresAt"));
        String name = json.string("name", true, 64);
        Role role = AdminUsersResource.role(json);
        Instant expiresAt = json.instant("expiresAt", true);
        json.requireValid();
        return Response.status(Response.Status.CREATED).entity(Retries.retried(() -> tokens.create(name, role, expiresAt, Actor.admin(security)))).build();
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revoke an API token", description = "At once, on every node. Revoking a revoked token changes nothing (204).")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    @APIResponse(responseCode = "404", description = "ASL_NOT_FOUND")
    public Response revoke(@PathParam("id") String id, @Context SecurityContext security) {
        Retries.retried(() -> tokens.revoke(id, Actor.admin(security)));
        return Response.noContent().build();
    }
}
