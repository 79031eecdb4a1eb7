package net.activationserver.admin.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import net.activationserver.api.Admins;
import net.activationserver.api.ForbiddenException;
import net.activationserver.api.UnauthorizedException;
import net.activationserver.server.control.Https;
import net.activationserver.server.entity.AslException;

/**
 * The admin API takes only signed-in callers: the sign-in itself is the application's Jakarta Security mechanism
 * ({@code admin.console.AdminAuthentication}, HTTP Basic against the accounts), which tells the container who calls
 * and in which role; what a role may do, the facades decide ({@code @RolesAllowed}). This filter answers 401 as
 * problem+json (with what was wrong) where the mechanism signed nobody in, and keeps the API to HTTPS when HTTPS is on.
 */
@Provider
@Admins
@Priority(Priorities.AUTHENTICATION)
public class AdminAuthFilter implements ContainerRequestFilter {

    /** The request attribute where the sign-in leaves why it refused the credentials: the refusal to answer with. */
    public static final String REFUSAL = "asl.admin.refusal";

    @Inject
    Https https;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        // after matching, so no spelling of the path (a ;parameter, say) gets past: TransportFilter sees the raw path
        if (!request.getSecurityContext().isSecure() && https.on()) {
            throw new ForbiddenException("This server takes the admin API over HTTPS only.");
        }
        if (request.getSecurityContext().getUserPrincipal() == null) {
            Object why = servletRequest == null ? null : servletRequest.getAttribute(REFUSAL);
            if (why instanceof AslException refusal) {
                throw refusal;
            }
            throw new UnauthorizedException("The admin API needs HTTP Basic credentials of an admin account.");
        }
    }
}
