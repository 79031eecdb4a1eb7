package net.activationserver.activation.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import net.activationserver.server.control.Retries;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import net.activationserver.activation.control.InstanceTokens;
import net.activationserver.api.ApplianceCall;
import net.activationserver.api.Appliances;
import net.activationserver.api.Idempotent;
import net.activationserver.server.entity.InvalidRequestException;
import net.activationserver.api.JsonBody;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.Set;

/** Calls of one activated appliance about itself: Bearer token and appliance proof. */
@Path("instances/{id}")
@Appliances
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class InstancesResource {

    @Inject
    Activations activations;

    @Inject
    Heartbeats heartbeats;

    @Inject
    Deregistrations deregistrations;

    @Inject
    ApplianceCall call;

    @POST
    @Path("heartbeat")
    @Idempotent
    @Operation(summary = "Heartbeat", description = "Keeps the instance ACTIVE (a STALE one becomes ACTIVE again) and returns a fresh lease. Body optional: {\"build\", \"uptimeSeconds\"}.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "HeartbeatRequest")))
    @APIResponse(responseCode = "200", description = "status, lease, leaseExpiresAt, heartbeatIntervalSeconds")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST")
    @APIResponse(responseCode = "401", description = "ASL_NOT_AN_APPLIANCE, ASL_BAD_INSTANCE_TOKEN")
    @APIResponse(responseCode = "404", description = "ASL_UNKNOWN_INSTANCE")
    @APIResponse(responseCode = "410", description = "ASL_DEREGISTERED: return to the activation screen")
    @APIResponse(responseCode = "413", description = "ASL_INVALID_REQUEST")
    @APIResponse(responseCode = "415", description = "ASL_INVALID_REQUEST")
    @APIResponse(responseCode = "503", description = "ASL_UNAVAILABLE")
    public HeartbeatResult heartbeat(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                     @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        if (body.length > 0 && !isJson(contentType)) {
            throw new InvalidRequestException(415, "The body must be application/json.");
        }
        JsonBody json = JsonBody.parse(body, true, Set.of("build", "uptimeSeconds"));
        String build = ActivationRequest.buildField(json);
        json.whole("uptimeSeconds", 0, Long.MAX_VALUE);
        json.requireValid();
        return heartbeats.heartbeat(id, InstanceTokens.fromAuthorization(authorization), build, call.proof());
    }

    @PUT
    @Path("license")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Relicense", description = "Moves the instance's seat to another license type, atomically. Body {\"licenseType\"}. "
            + "Answers the activation body without instanceToken: the appliance keeps its token.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "RelicenseRequest")))
    @APIResponse(responseCode = "200", description = "instanceId, licenseType, status, lease, leaseExpiresAt, heartbeatIntervalSeconds")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST")
    @APIResponse(responseCode = "401", description = "ASL_NOT_AN_APPLIANCE, ASL_BAD_INSTANCE_TOKEN")
    @APIResponse(responseCode = "404", description = "ASL_UNKNOWN_INSTANCE, ASL_UNKNOWN_LICENSE_TYPE")
    @APIResponse(responseCode = "409", description = "ASL_TYPE_EXHAUSTED, ASL_PLATFORM_MISMATCH")
    @APIResponse(responseCode = "410", description = "ASL_DEREGISTERED")
    @APIResponse(responseCode = "503", description = "ASL_UNAVAILABLE")
    public ActivationsResource.ActivationBody changeLicense(@PathParam("id") String id,
                                                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        JsonBody json = JsonBody.parse(body, false, Set.of("licenseType"));
        String licenseType = ActivationRequest.licenseTypeField(json);
        json.requireValid();
        String token = InstanceTokens.fromAuthorization(authorization);
        return ActivationsResource.ActivationBody.of(Retries.retried(() -> activations.changeLicense(id, token, licenseType)));
    }

    @DELETE
    @Operation(summary = "Kill LoadMaster", description = "The appliance deregisters itself: its seat is free at once. A second call gets 410.")
    @APIResponse(responseCode = "204", description = "Deregistered")
    @APIResponse(responseCode = "401", description = "ASL_NOT_AN_APPLIANCE, ASL_BAD_INSTANCE_TOKEN")
    @APIResponse(responseCode = "404", description = "ASL_UNKNOWN_INSTANCE")
    @APIResponse(responseCode = "410", description = "ASL_DEREGISTERED")
    public Response kill(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Retries.retried(() -> deregistrations.kill(id, InstanceTokens.fromAuthorization(authorization)));
        return Response.noContent().build();
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return MediaType.valueOf(contentType).isCompatible(MediaType.APPLICATION_JSON_TYPE);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
