package net.activationserver.api;

import jakarta.ejb.EJBAccessException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.Providers;
import net.activationserver.server.entity.AslException;

/**
 * A facade's role check refused the caller: 403 {@code ASL_FORBIDDEN}, written by {@link ProblemMapper} like every
 * other refusal. Its own mapper because Payara's Jersey maps every {@code EJBException} with a mapper of its own, which
 * an exact match outranks.
 */
@Provider
public class AccessDeniedMapper implements ExceptionMapper<EJBAccessException> {

    @Context
    Providers providers;

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(EJBAccessException denied) {
        return providers.getExceptionMapper(AslException.class).toResponse(ProblemMapper.accessDenied(request));
    }
}
