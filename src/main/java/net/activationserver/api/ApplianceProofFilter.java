package net.activationserver.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import net.activationserver.server.control.Nonces;
import net.activationserver.server.control.ServerKeys;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/** Checks the appliance proof of every appliance call before the resource runs. */
@Provider
@Appliances
@Priority(Priorities.AUTHENTICATION)
public class ApplianceProofFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Inject
    ServerKeys keys;

    @Inject
    Nonces nonces;

    @Inject
    ApplianceCall call;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        byte[] body = readBody(request.getEntityStream());
        request.setEntityStream(new ByteArrayInputStream(body));
        java.net.URI uri = request.getUriInfo().getRequestUri();
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        ApplianceProof.Verified verified = ApplianceProof.verify(request.getMethod(), pathAndQuery,
                request.getHeaderString(ApplianceProof.APPLIANCE), request.getHeaderString(ApplianceProof.TIMESTAMP),
                request.getHeaderString(ApplianceProof.NONCE), request.getHeaderString(ApplianceProof.SIGNATURE),
                body, keys.applianceKey(), Instant.now());
        if (resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(Idempotent.class)) {
            call.verified(verified); // the call checks the nonce in its own read (Nonces#rememberDeferred)
        } else if (!nonces.register(verified.nonce(), verified.nonceExpiresAt())) {
            throw new NotAnApplianceException("nonce was already used");
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        byte[] body = in.readNBytes(RequestLimitFilter.MAX_BODY_BYTES + 1);
        if (body.length > RequestLimitFilter.MAX_BODY_BYTES) {
            throw new InvalidRequestException(413, "The body is larger than 64 KiB.");
        }
        return body;
    }
}
