package net.activationserver.activation.boundary;

import net.activationserver.server.control.Retries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import net.activationserver.activation.control.InstanceTokens;
import net.activationserver.api.Appliances;
import net.activationserver.licensing.boundary.EntitlementView;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.nio.charset.StandardCharsets;

/** A license file an activated appliance carries, handed in to join the pool: Bearer token and appliance proof. */
@Path("instances/{id}/contributions")
@Appliances
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ContributionsResource {

    @Inject
    Contributions contributions;

    @POST
    @Consumes({"application/jose", MediaType.TEXT_PLAIN})
    @Operation(summary = "Contribute a license file", description = "Body: a vendor license file the appliance carries (compact JWS, "
            + "Content-Type application/jose). Its seats join the pool while the appliance lives and leave it when the appliance is "
            + "deregistered, killed or released, or asl.contribution.retain after its last heartbeat. The same licenseId counts once: "
            + "contributed again (by this or another appliance) it replaces the earlier contribution; already installed on the server, "
            + "nothing changes (200, contributedBy null).")
    @RequestBody(required = true, content = {@Content(mediaType = "application/jose", schema = @Schema(ref = "LicenseFile")),
            @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(ref = "LicenseFile"))})
    @APIResponse(responseCode = "201", description = "The contribution: licenseId, customer, expiresAt, instanceLimit, types, contributedBy, ...")
    @APIResponse(responseCode = "200", description = "That licenseId is installed on the server already; the pool is unchanged")
    @APIResponse(responseCode = "400", description = "ASL_BAD_LICENSE_FILE (malformed, expired, or signature fails); nothing changed")
    @APIResponse(responseCode = "401", description = "ASL_NOT_AN_APPLIANCE, ASL_BAD_INSTANCE_TOKEN")
    @APIResponse(responseCode = "404", description = "ASL_UNKNOWN_INSTANCE")
    @APIResponse(responseCode = "410", description = "ASL_DEREGISTERED")
    @APIResponse(responseCode = "413", description = "ASL_INVALID_REQUEST")
    @APIResponse(responseCode = "415", description = "ASL_INVALID_REQUEST")
    public Response contribute(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] file) {
        String token = InstanceTokens.fromAuthorization(authorization);
        String text = new String(file, StandardCharsets.UTF_8).strip();
        EntitlementView contribution = Retries.retried(() -> contributions.contribute(id, token, text));
        boolean added = id.equals(contribution.contributedBy());
        return Response.status(added ? Response.Status.CREATED : Response.Status.OK).entity(contribution).build();
    }
}
