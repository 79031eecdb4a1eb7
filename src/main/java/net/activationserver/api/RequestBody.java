package net.activationserver.api;

import jakarta.ws.rs.container.ContainerRequestContext;

/** The raw body bytes the appliance proof was computed over, kept for the resource. */
public final class RequestBody {

    static final String PROPERTY = RequestBody.class.getName();

    private RequestBody() {
    }

    public static byte[] of(ContainerRequestContext request) {
        Object body = request.getProperty(PROPERTY);
        return body instanceof byte[] bytes ? bytes : new byte[0];
    }
}
