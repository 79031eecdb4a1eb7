package net.activationserver.licensing.boundary;

import net.activationserver.server.control.Retries;
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
import net.activationserver.api.Admins;
import net.activationserver.server.entity.Actor;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.nio.charset.StandardCharsets;
import java.util.List;

@Path("admin")
@Admins
@Produces(MediaType.APPLICATION_JSON)
public class AdminLicensingResource {

    @Inject
    Licensing licensing;

    @POST
    @Path("entitlements")
    @Consumes({"application/jose", MediaType.TEXT_PLAIN})
    @Operation(summary = "Install a vendor license file", description = "Body: the signed file (compact JWS, Content-Type application/jose). The same licenseId replaces the installed file.")
    @RequestBody(required = true, content = {@Content(mediaType = "application/jose", schema = @Schema(ref = "LicenseFile")),
            @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(ref = "LicenseFile"))})
    @APIResponse(responseCode = "201", description = "The installed entitlement")
    @APIResponse(responseCode = "400", description = "ASL_BAD_LICENSE_FILE (malformed, expired, or signature fails); nothing changed")
    @APIResponse(responseCode = "401", description = "ASL_UNAUTHORIZED")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    @APIResponse(responseCode = "415", description = "ASL_INVALID_REQUEST")
    public Response install(byte[] file, @Context SecurityContext security) {
        String text = new String(file, StandardCharsets.UTF_8);
        EntitlementView installed = Retries.retried(() -> licensing.install(text, Actor.admin(security)));
        return Response.status(Response.Status.CREATED).entity(installed).build();
    }

    @GET
    @Path("entitlements")
    @Operation(summary = "Installed license files")
    @APIResponse(responseCode = "200", description = "[entitlement]")
    public List<EntitlementView> entitlements() {
        return licensing.entitlements();
    }

    @DELETE
    @Path("entitlements/{licenseId}")
    @Operation(summary = "Remove a license file", description = "Its seats leave the pool; appliances holding seats beyond it keep them, but no new activation is granted until the pool is in balance. "
            + "A file that is not installed (removed already) is left as it is (204 again): automation may repeat the call.")
    @APIResponse(responseCode = "204", description = "Removed, or not installed")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    public Response remove(@PathParam("licenseId") String licenseId, @Context SecurityContext security) {
        Retries.retried(() -> licensing.remove(licenseId, Actor.admin(security)));
        return Response.noContent().build();
    }

    @GET
    @Path("pool")
    @Operation(summary = "The pool", description = "Global instance limit and instances in use, and every license type with seats, used and available.")
    @APIResponse(responseCode = "200", description = "{instanceLimit, instancesInUse, types}")
    public PoolView pool() {
        return licensing.pool();
    }
}
