package net.activationserver.audit.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import net.activationserver.api.Admins;
import net.activationserver.api.QueryParams;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.List;

@Path("admin")
@Admins
@Produces(MediaType.APPLICATION_JSON)
public class AdminAuditResource {

    @Inject
    Audit audit;

    @GET
    @Path("audit")
    @Operation(summary = "Audit trail", description = "Newest first. Filters: instanceId, text (substring), since (RFC 3339); paging: before (an id), limit (1..1000, default 100).")
    @APIResponse(responseCode = "200", description = "[{id, at, actorKind, actor, instanceId, message}]")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST")
    public List<AuditEntryView> audit(@QueryParam("instanceId") String instanceId, @QueryParam("text") String text,
                                      @QueryParam("since") String since, @QueryParam("before") String before,
                                      @QueryParam("limit") String limit) {
        return audit.audit(QueryParams.text(instanceId), QueryParams.text(text), QueryParams.time("since", since),
                QueryParams.optionalLong("before", before), QueryParams.whole("limit", limit, 100, 1, 1000));
    }

    @GET
    @Path("debug-log")
    @Operation(summary = "Debug log", description = "Refused requests with code, the seed's message, reason and peer address. Newest first. Filters: code, since; paging: before, limit.")
    @APIResponse(responseCode = "200", description = "[{id, at, code, message, reason, peer, request}]")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST")
    public List<DebugEntryView> debugLog(@QueryParam("code") String code, @QueryParam("since") String since,
                                         @QueryParam("before") String before, @QueryParam("limit") String limit) {
        return audit.debugLog(QueryParams.text(code), QueryParams.time("since", since), QueryParams.optionalLong("before", before),
                QueryParams.whole("limit", limit, 100, 1, 1000));
    }
}
