package net.activationserver.activation.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import net.activationserver.api.ApplianceCall;
import net.activationserver.api.Appliances;
import net.activationserver.api.NonceInTransaction;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("activations")
@Appliances
@ApplicationScoped
public class ActivationsResource {

    @Inject
    ActivationBatches activations;

    @Inject
    ApplianceCall call;

    @Inject
    Replacements replacements;

    @POST
    @NonceInTransaction
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Activate an appliance", description = "Takes one seat of the license type and of the global instance limit, atomically. "
            + "Needs the appliance proof headers. A MAC that already holds a seat gets 200 with its instance and a fresh token (relicensed if another type is asked for). "
            + "With replaces {instanceId, instanceToken}, an appliance whose MAC changed moves its previous instance (seat, network, access settings, history) to this MAC.")
    @RequestBody(description = "{\"mac\", \"platform\", \"hostname\", \"licenseType\", \"build\"}", required = true,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ActivationRequest")))
    @APIResponse(responseCode = "201", description = "Activated: instanceId, instanceToken (returned once), licenseType, status, lease, leaseExpiresAt, heartbeatIntervalSeconds")
    @APIResponse(responseCode = "200", description = "That MAC already holds a seat, or the appliance replaced its previous instance (replaces): same instanceId, fresh instanceToken")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST")
    @APIResponse(responseCode = "401", description = "ASL_NOT_AN_APPLIANCE; ASL_BAD_INSTANCE_TOKEN (replaces: not that instance's token)")
    @APIResponse(responseCode = "410", description = "ASL_DEREGISTERED (replaces: that instance no longer holds a seat)")
    @APIResponse(responseCode = "404", description = "ASL_UNKNOWN_LICENSE_TYPE")
    @APIResponse(responseCode = "409", description = "ASL_LIMIT_REACHED, ASL_TYPE_EXHAUSTED, ASL_PLATFORM_MISMATCH; "
            + "ASL_INSTANCE_IN_USE with asl.activation.takeover=when-silent (that MAC's appliance heartbeated within asl.heartbeat.timeout); "
            + "ASL_CONFLICT: the MAC was replaced by another that holds the seat, or (replaces) the new MAC holds a seat of its own")
    @APIResponse(responseCode = "413", description = "ASL_INVALID_REQUEST (body over 64 KiB)")
    @APIResponse(responseCode = "415", description = "ASL_INVALID_REQUEST (body not JSON)")
    @APIResponse(responseCode = "429", description = "ASL_RATE_LIMITED (asl.rate-limit.activations-per-source, default 120 a minute per address and node), with Retry-After")
    @APIResponse(responseCode = "503", description = "ASL_UNAVAILABLE")
    public Response activate(byte[] body) {
        ActivationRequest request = ActivationRequest.parse(body);
        ActivationResult result = request.replaces() == null ? activations.activate(request, call.proof())
                : net.activationserver.server.control.Retries.retried(() -> replacements.replace(request, call.proof()));
        return Response.status(result.created() ? Response.Status.CREATED : Response.Status.OK)
                .type(MediaType.APPLICATION_JSON)
                .entity(ActivationBody.of(result))
                .build();
    }

    /** The activation body of API.md. */
    public record ActivationBody(String instanceId, String instanceToken, String licenseType, String status, String lease,
                                 String leaseExpiresAt, long heartbeatIntervalSeconds) {
        static ActivationBody of(ActivationResult r) {
            return new ActivationBody(r.instanceId(), r.instanceToken(), r.licenseType(), r.status(), r.lease(), r.leaseExpiresAt(),
                    r.heartbeatIntervalSeconds());
        }
    }
}
