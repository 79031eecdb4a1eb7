package net.activationserver.activation.boundary;

import jakarta.ws.rs.Consumes;
import net.activationserver.api.JsonBody;
import net.activationserver.server.control.Retries;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import net.activationserver.activation.entity.InstanceStatus;
import net.activationserver.network.entity.Mac;
import net.activationserver.api.Admins;
import net.activationserver.server.entity.InvalidRequestException;
import net.activationserver.api.QueryParams;
import net.activationserver.server.entity.Actor;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.Arrays;
import java.util.Map;

@Path("admin")
@Admins
@Produces(MediaType.APPLICATION_JSON)
public class AdminInstancesResource {

    @Inject
    InstanceCatalogue catalogue;

    @Inject
    Deregistrations deregistrations;

    @Inject
    Replacements replacements;

    @Inject
    AllNetworks allNetworks;

    @Inject
    ExpirySweep sweeps;

    @Inject
    LeaseKeys leaseKeys;


    @GET
    @Path("instances")
    @Operation(summary = "List instances", description = "Most recent heartbeat first. Filters: status (ACTIVE, STALE, RELEASED, DEREGISTERED), "
            + "licenseType, mac; paging: limit (1..1000, default 100) and after (the cursor of the previous page, given in the Link header rel=next "
            + "and X-Next-Cursor). Each instance says when it turns STALE (staleAt) and when its seat is released (releaseAt) without a heartbeat.")
    @APIResponse(responseCode = "200", description = "[{id, mac, hostname, platform, build, licenseType, status, activatedAt, lastHeartbeatAt, staleAt, releaseAt, endedAt}]")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST")
    @APIResponse(responseCode = "401", description = "ASL_UNAUTHORIZED")
    public Response instances(@QueryParam("status") String status, @QueryParam("licenseType") String licenseType,
                              @QueryParam("mac") String mac, @QueryParam("after") String after,
                              @QueryParam("limit") String limit, @Context UriInfo uri) {
        InstanceStatus parsedStatus = null;
        if (QueryParams.text(status) != null) {
            parsedStatus = Arrays.stream(InstanceStatus.values()).filter(s -> s.name().equals(status.strip())).findFirst()
                    .orElseThrow(() -> InvalidRequestException.field("status", "must be one of " + Arrays.toString(InstanceStatus.values())));
        }
        String parsedMac = null;
        if (QueryParams.text(mac) != null) {
            parsedMac = Mac.parse(mac.strip()).map(Mac::value)
                    .orElseThrow(() -> InvalidRequestException.field("mac", "must be six hex octets"));
        }
        InstanceCatalogue.InstancePage page = catalogue.instances(parsedStatus, QueryParams.text(licenseType), parsedMac,
                QueryParams.text(after) == null ? null : PageCursor.decode(after.strip()), QueryParams.whole("limit", limit, 100, 1, 1000));
        Response.ResponseBuilder response = Response.ok(page.instances());
        if (page.next() != null) {
            response.header("X-Next-Cursor", page.next())
                    .link(uri.getRequestUriBuilder().replaceQueryParam("after", page.next()).build(), "next");
        }
        return response.build();
    }

    @GET
    @Path("instances/{id}")
    @Operation(summary = "One instance")
    @APIResponse(responseCode = "200", description = "The instance")
    @APIResponse(responseCode = "404", description = "ASL_UNKNOWN_INSTANCE")
    public InstanceView instance(@PathParam("id") String id) {
        return catalogue.instance(id);
    }

    @DELETE
    @Path("instances/{id}")
    @Operation(summary = "Deregister an instance", description = "Frees its seat at once; the appliance gets 410 ASL_DEREGISTERED at its next call. "
            + "An instance deregistered or released already is left as it is (204 again): automation may repeat the call.")
    @APIResponse(responseCode = "204", description = "Deregistered")
    @APIResponse(responseCode = "401", description = "ASL_UNAUTHORIZED")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    @APIResponse(responseCode = "404", description = "ASL_UNKNOWN_INSTANCE")
    public Response deregister(@PathParam("id") String id, @Context SecurityContext security) {
        Retries.retried(() -> deregistrations.deregister(id, Actor.admin(security)));
        return Response.noContent().build();
    }

    @POST
    @Path("instances/deregistrations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Deregister many instances", description = "For scale-in hooks. Body {\"networkId\"?, \"licenseType\"?, \"status\"?: "
            + "ACTIVE or STALE, \"silentFor\"?: ISO-8601 duration such as PT1H, \"dryRun\"?: true}; at least one filter. The instances holding a seat "
            + "that match every filter given are deregistered as one by one (audited, events sent), at most 1,000 per call: call again while "
            + "deregistered is 1,000. With dryRun, nothing changes and the answer counts them.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "BulkDeregistration")))
    @APIResponse(responseCode = "200", description = "{\"matched\", \"deregistered\", \"instanceIds\"}")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    public Deregistrations.Bulk deregisterAll(byte[] body, @Context SecurityContext security) {
        JsonBody json = JsonBody.parse(body, false, java.util.Set.of("networkId", "licenseType", "status", "silentFor", "dryRun"));
        Long network = json.whole("networkId", 1, Long.MAX_VALUE);
        String type = json.string("licenseType", false, 64);
        String statusText = json.string("status", false, 16);
        InstanceStatus status = null;
        if (statusText != null) {
            status = switch (statusText.toUpperCase(java.util.Locale.ROOT)) {
                case "ACTIVE" -> InstanceStatus.ACTIVE;
                case "STALE" -> InstanceStatus.STALE;
                default -> {
                    json.error("status", "must be ACTIVE or STALE (the statuses that hold a seat)");
                    yield null;
                }
            };
        }
        java.time.Duration silentFor = json.duration("silentFor", false);
        if (silentFor != null && silentFor.isNegative()) {
            json.error("silentFor", "must not be negative");
        }
        Boolean dryRun = json.bool("dryRun", false);
        json.requireValid();
        Deregistrations.Filter filter = new Deregistrations.Filter(network, type, status, silentFor);
        if (filter.empty()) {
            throw new net.activationserver.server.entity.InvalidRequestException("Give at least one filter: networkId, licenseType, status or silentFor.");
        }
        return Retries.retried(() -> deregistrations.deregisterAll(filter, Boolean.TRUE.equals(dryRun), Actor.admin(security)));
    }

    @PUT
    @Path("instances/{id}/network")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move an appliance to another network", description = "Body {\"networkId\"}: a licensed appliance (holding its seat) "
            + "moves, its access settings unchanged; it takes that network's seat release from then on. Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "NetworkMove")))
    @APIResponse(responseCode = "200", description = "The appliance as the Networks page shows it")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    @APIResponse(responseCode = "404", description = "ASL_NOT_FOUND: no such network, or the instance holds no seat")
    public net.activationserver.network.boundary.ApplianceView move(@PathParam("id") String id, byte[] body, @Context SecurityContext security) {
        JsonBody json = JsonBody.parse(body, false, java.util.Set.of("networkId"));
        Long network = json.whole("networkId", 1, Long.MAX_VALUE);
        if (network == null) {
            json.error("networkId", "is required");
        }
        json.requireValid();
        return Retries.retried(() -> allNetworks.move(id, network, Actor.admin(security)));
    }

    @POST
    @Path("instances/{id}/replace")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace an appliance", description = "Body {\"mac\"}: the appliance's MAC changed (new NIC, clone, move, rebuilt host). "
            + "The instance keeps its id, seat, network, access settings and history under the new MAC, in one transaction; its token stops "
            + "working at once. The appliance at the new MAC then activates as usual and gets this instance back (200) with a token of its own. "
            + "Audited: \"ASL instance replaced. Old MAC was OLD, new MAC is NEW\".")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Replacement")))
    @APIResponse(responseCode = "200", description = "The instance, under its new MAC")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    @APIResponse(responseCode = "404", description = "ASL_UNKNOWN_INSTANCE")
    @APIResponse(responseCode = "409", description = "ASL_CONFLICT: the new MAC holds a seat of its own")
    @APIResponse(responseCode = "410", description = "ASL_DEREGISTERED: the instance holds no seat")
    public InstanceView replace(@PathParam("id") String id, byte[] body, @Context SecurityContext security) {
        JsonBody json = JsonBody.parse(body, false, java.util.Set.of("mac"));
        Mac mac = ActivationRequest.macField(json, "mac");
        json.requireValid();
        return Retries.retried(() -> replacements.replaceByAdmin(id, mac, Actor.admin(security)));
    }

    @POST
    @Path("sweeps")
    @Operation(summary = "Run the expiry sweep now", description = "Flags instances silent for asl.heartbeat.timeout as STALE and releases the seats "
            + "of those STALE for asl.seat.release-after, and removes the license files contributed by appliances gone or silent for asl.contribution.retain, as the timer does every asl.sweep.interval on every node.")
    @APIResponse(responseCode = "200", description = "{\"flaggedStale\", \"released\", \"contributionsRemoved\"}")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    public Map<String, Integer> sweep() {
        return sweeps.runNow();
    }

    @POST
    @Path("lease-keys")
    @Operation(summary = "Add a lease signing key", description = "New leases are signed with it on every node within a second; leases signed with older keys still verify.")
    @APIResponse(responseCode = "201", description = "{\"kid\"}")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    public Response addLeaseKey(@Context SecurityContext security) {
        return Response.status(Response.Status.CREATED).entity(Map.of("kid", Retries.retried(() -> leaseKeys.addLeaseKey(Actor.admin(security))))).build();
    }

    @DELETE
    @Path("lease-keys/{kid}")
    @Operation(summary = "Retire a lease signing key", description = "For a compromised key: it leaves the JWK Set at /api/v1/lease-keys and "
            + "signs nothing more, on every node within a second, and its private key is deleted; appliances holding a lease it signed get a "
            + "newly signed one at their next heartbeat. Retiring the key that signs adds a new one first, so the server can always sign. Audited.")
    @APIResponse(responseCode = "204", description = "Retired")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    @APIResponse(responseCode = "404", description = "ASL_NOT_FOUND: no key with that kid")
    public Response retireLeaseKey(@PathParam("kid") String kid, @Context SecurityContext security) {
        Retries.retried(() -> leaseKeys.retireLeaseKey(kid, Actor.admin(security)));
        return Response.noContent().build();
    }
}
