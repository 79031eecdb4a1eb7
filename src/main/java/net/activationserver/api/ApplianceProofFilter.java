package net.activationserver.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import net.activationserver.server.control.Nonces;
import net.activationserver.server.control.ServerKeys;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.activationserver.server.entity.InvalidRequestException;

/**
 * Checks the appliance proof of every appliance call before the resource runs, and writes its nonce unless the call
 * does ({@link Idempotent}, {@link NonceInTransaction}); after a refused {@link NonceInTransaction} call, writes it then.
 */
@Provider
@Appliances
@Priority(Priorities.AUTHENTICATION)
public class ApplianceProofFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(ApplianceProofFilter.class.getName());

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
        if (nonceLeftToCall()) {
            call.verified(verified); // the call checks and writes the nonce itself
        } else if (!nonces.register(verified.nonce(), verified.nonceExpiresAt())) {
            throw new NotAnApplianceException("nonce was already used");
        }
    }

    /**
     * A refused {@link NonceInTransaction} call rolled its nonce back: it is written now, so a replay is refused too.
     * Not after a 401 (with a verified proof, the nonce was found already used) nor a 5xx (the server failed, nothing
     * changed, and the appliance is told to try again; with the database down, a second attempt would only wait).
     */
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 300 || status == 401 || status >= 500 || !call.isVerified() || !isAnnotated(NonceInTransaction.class)) {
            return;
        }
        try {
            nonces.register(call.proof().nonce(), call.proof().nonceExpiresAt());
        } catch (RuntimeException e) { // the answer stands (the database is likely down); the replay window stays open
            LOG.log(Level.WARNING, "Recording the nonce of a refused call failed: {0}", e.toString());
        }
    }

    private boolean nonceLeftToCall() {
        return isAnnotated(Idempotent.class) || isAnnotated(NonceInTransaction.class);
    }

    private boolean isAnnotated(Class<? extends java.lang.annotation.Annotation> annotation) {
        Method method = resource.getResourceMethod();
        return method != null && method.isAnnotationPresent(annotation);
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
