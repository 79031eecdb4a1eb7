package net.activationserver.events.boundary;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.activationserver.api.Admins;
import net.activationserver.api.JsonBody;
import net.activationserver.api.QueryParams;
import net.activationserver.events.control.Outbox;
import net.activationserver.events.entity.StoredEvent;
import net.activationserver.events.entity.WebhookEndpoint;
import net.activationserver.server.control.Retries;
import net.activationserver.server.entity.Actor;
import net.activationserver.server.entity.InvalidRequestException;
import net.activationserver.server.entity.Notice;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("admin")
@Admins
@Produces(MediaType.APPLICATION_JSON)
public class WebhooksResource {

    @Inject
    Webhooks webhooks;

    @GET
    @Path("webhooks")
    @Operation(summary = "Webhook endpoints", description = "Every endpoint: id, url, description, events, enabled (false once it failed "
            + "for asl.webhooks.disable-after), failingSince, pending deliveries. Never the secret.")
    @APIResponse(responseCode = "200", description = "[endpoint]")
    public List<WebhookView> endpoints() {
        return webhooks.endpoints();
    }

    @POST
    @Path("webhooks")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a webhook endpoint", description = "Body {\"url\": http(s) URL, \"events\": [event types] or [\"*\"], "
            + "\"description\"?}. The answer carries the endpoint's signing secret (whsec_...) this once: each delivery is signed with it "
            + "as the Standard Webhooks specification says (headers webhook-id, webhook-timestamp, webhook-signature).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "NewWebhook")))
    @APIResponse(responseCode = "201", description = "The endpoint, with its secret")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    public Response addEndpoint(byte[] body, @Context SecurityContext security, @Context UriInfo uri) {
        JsonBody json = JsonBody.parse(body, false, Set.of("url", "events", "description"));
        String url = json.string("url", true, WebhookEndpoint.URL_MAX);
        List<String> events = json.strings("events", Notice.Type.values().length, 40);
        String description = json.string("description", false, WebhookEndpoint.DESCRIPTION_MAX);
        json.requireValid();
        WebhookView created = webhooks.create(url, description, events, Actor.admin(security));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @GET
    @Path("webhooks/{id}")
    @Operation(summary = "One webhook endpoint")
    @APIResponse(responseCode = "200", description = "The endpoint")
    @APIResponse(responseCode = "404", description = "ASL_NOT_FOUND")
    public WebhookView endpoint(@PathParam("id") String id) {
        return webhooks.endpoint(id);
    }

    @DELETE
    @Path("webhooks/{id}")
    @Operation(summary = "Delete a webhook endpoint", description = "Its queued deliveries are dropped.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    @APIResponse(responseCode = "404", description = "ASL_NOT_FOUND")
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        Retries.retried(() -> webhooks.delete(id, Actor.admin(security)));
        return Response.noContent().build();
    }

    @POST
    @Path("webhooks/{id}/test")
    @Operation(summary = "Send a test event", description = "Queues a webhook.test event for this endpoint only; it is sent within seconds, "
            + "signed like every other, and listed with its deliveries.")
    @APIResponse(responseCode = "202", description = "{eventId}")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    @APIResponse(responseCode = "404", description = "ASL_NOT_FOUND")
    public Response test(@PathParam("id") String id, @Context SecurityContext security) {
        return Response.accepted(Map.of("eventId", webhooks.test(id, Actor.admin(security)))).build();
    }

    @GET
    @Path("webhooks/{id}/deliveries")
    @Operation(summary = "An endpoint's deliveries", description = "Newest event first: eventId, type, status (PENDING, DELIVERED, "
            + "ABANDONED), attempts, lastStatus, lastError, nextAttemptAt, deliveredAt. ?limit= 1 to 1000, default 100.")
    @APIResponse(responseCode = "200", description = "[delivery]")
    @APIResponse(responseCode = "404", description = "ASL_NOT_FOUND")
    public List<Outbox.DeliveryRow> deliveries(@PathParam("id") String id, @QueryParam("limit") String limit) {
        return webhooks.deliveries(id, QueryParams.whole("limit", limit, 100, 1, 1000));
    }

    @GET
    @Path("events")
    @Operation(summary = "The event stream", description = "Events in the order written, after the sequence number ?after= (default 0), "
            + "optionally of one ?type=, at most ?limit= (1 to 1000, default 100). Each is {seq, payload}; the payload is what webhooks receive.")
    @APIResponse(responseCode = "200", description = "[{seq, payload}]")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST")
    public List<Map<String, Object>> events(@QueryParam("after") String after, @QueryParam("type") String type, @QueryParam("limit") String limit) {
        Long afterSeq = QueryParams.optionalLong("after", after);
        String wanted = QueryParams.text(type);
        if (wanted != null && Notice.Type.of(wanted).isEmpty()) {
            throw InvalidRequestException.field("type", "unknown event type " + wanted);
        }
        int max = QueryParams.whole("limit", limit, 100, 1, 1000);
        return webhooks.events(afterSeq == null ? 0 : afterSeq, wanted, max).stream()
                .map(event -> Map.<String, Object>of("seq", event.seq(), "payload", (JsonObject) event.payload())).toList();
    }
}
