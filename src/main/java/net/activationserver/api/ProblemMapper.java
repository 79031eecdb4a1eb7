package net.activationserver.api;

import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import net.activationserver.server.control.DatabaseProbe;
import net.activationserver.server.control.Retries;
import net.activationserver.server.control.ServerMetrics;

import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;
import net.activationserver.server.entity.InvalidRequestException;
import net.activationserver.server.entity.ConflictException;
import net.activationserver.server.entity.LogText;

/**
 * The one place that writes error answers: every failure of the API becomes application/problem+json
 * with its code, refusals go to the debug log (with reason and peer) and the refusal metric,
 * and nothing internal (stack trace, SQL, class names) reaches the client.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Context
    HttpServletRequest request;

    @Inject
    jakarta.enterprise.event.Event<Refused> refused;

    @Inject
    ServerMetrics metrics;

    @Inject
    DatabaseProbe database;

    @Override
    public Response toResponse(Throwable failure) {
        AslException refusal = isAccessDenied(failure) ? accessDenied(request) : asRefusal(failure);
        if (refusal instanceof InternalErrorException internal) {
            if (database.reachable()) {
                LOG.log(Level.SEVERE, "Internal error, incident " + internal.incident, failure);
            } else {
                // the chain does not always name the connection (a rollback on a dead connection hides it)
                LOG.warning(() -> "Request failed while the database is unreachable: " + failure);
                refusal = new UnavailableException("The database is not reachable; nothing was changed. Try again shortly.");
            }
        }
        Problem problem = Problem.of(refusal.code(), refusal.status(), refusal.getMessage(), refusal.errors());
        record(refusal);
        Response.ResponseBuilder response = Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem);
        Problem.headers(refusal, response::header);
        return response.build();
    }

    static AslException asRefusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AslException asl) {
                return asl;
            }
        }
        if (failure instanceof WebApplicationException web) {
            return fromStatus(web.getResponse().getStatus());
        }
        if (Retries.conflicted(failure)) { // a write conflict no caller ran again (Retries): nothing was changed
            return new UnavailableException("Another server node changed the same records at this moment; nothing was changed. Try again.");
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonException || cause instanceof JsonbException) {
                return new InvalidRequestException("The body is not valid JSON.");
            }
            if (cause instanceof OptimisticLockException || cause instanceof PessimisticLockException
                    || cause instanceof org.hibernate.StaleStateException) {
                return new ConflictException("The record was changed concurrently; repeat the request.");
            }
            if (isDatabaseDown(cause)) {
                return new UnavailableException("The database is not reachable; nothing was changed. Try again shortly.");
            }
        }
        return new InternalErrorException(UUID.randomUUID().toString());
    }

    /**
     * A facade refused the caller's role ({@code @RolesAllowed}): {@code EJBAccessException}, or on Payara, where Jersey
     * hands over its cause, {@code AccessLocalException}.
     */
    static boolean isAccessDenied(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof jakarta.ejb.EJBAccessException || cause instanceof jakarta.ejb.AccessLocalException) {
                return true;
            }
        }
        return false;
    }

    /** The refusal of a change by an account whose role may only read (the admin API's viewers). */
    static AslException accessDenied(HttpServletRequest request) {
        java.security.Principal caller = request == null ? null : request.getUserPrincipal();
        return new ForbiddenException(caller == null ? "Not allowed." : "Account " + caller.getName() + " is a viewer and may only read.");
    }

    static boolean isDatabaseDown(Throwable cause) {
        return cause instanceof SQLTransientConnectionException
                || cause instanceof SQLNonTransientConnectionException
                || cause instanceof org.hibernate.exception.JDBCConnectionException
                || cause instanceof jakarta.resource.ResourceException
                || cause.getClass().getName().endsWith("PoolingException");
    }

    /** The refusal an answer of this status stands for, when nothing more is known (a status set by the runtime). */
    static AslException fromStatus(int status) {
        return switch (status) {
            case 401 -> new UnauthorizedException("Authentication is required.");
            case 403 -> new ForbiddenException("Not allowed.");
            case 404 -> new NotFoundException("No such resource.");
            case 405 -> new InvalidRequestException(405, "Method not allowed on this resource.");
            case 406 -> new InvalidRequestException(406, "The server answers in application/json only.");
            case 413 -> new InvalidRequestException(413, "The body is larger than 64 KiB.");
            case 414 -> new InvalidRequestException(414, "The request URI is too long.");
            case 431 -> new InvalidRequestException(431, "The request's headers are too large.");
            case 429 -> new RateLimitedException("Too many requests from this address; retry after a second.");
            case 415 -> new InvalidRequestException(415, "The body must be application/json (application/jose for license files).");
            case 503 -> new UnavailableException("The server is not ready; try again shortly.");
            default -> status >= 500
                    ? new InternalErrorException(UUID.randomUUID().toString())
                    : new InvalidRequestException(status, "The request is not valid.");
        };
    }

    private void record(AslException refusal) {
        metrics.refused(refusal.code());
        ProblemCode code = refusal.code();
        if (code == ProblemCode.ASL_RATE_LIMITED || code == ProblemCode.ASL_UNAVAILABLE || code == ProblemCode.ASL_INTERNAL_ERROR) {
            return; // no database write for floods, outages and our own faults (logged above)
        }
        // a refusal's message may quote the client (an instance id from the path): no control character reaches a log
        String peer = request == null ? null : LogText.clean(request.getRemoteAddr());
        String line = request == null ? null : LogText.clean(request.getMethod() + " " + request.getRequestURI());
        String message = LogText.clean(refusal.debugMessage());
        String reason = refusal.reason() == null ? null : LogText.clean(refusal.reason());
        LOG.fine(() -> message + " [" + code + "] " + (reason == null ? "" : reason) + " peer " + peer);
        try {
            refused.fire(new Refused(code.name(), message, reason, peer, line));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not store a debug log entry: {0}", e.toString());
        }
    }

    static final class NotFoundException extends AslException {
        NotFoundException(String detail) {
            super(ProblemCode.ASL_NOT_FOUND, detail);
        }
    }

    static final class InternalErrorException extends AslException {
        final String incident;

        InternalErrorException(String incident) {
            super(ProblemCode.ASL_INTERNAL_ERROR, "An internal error occurred (incident " + incident + "). Nothing was changed.");
            this.incident = incident;
        }
    }

    public static final class UnavailableException extends AslException {
        public UnavailableException(String detail) {
            super(ProblemCode.ASL_UNAVAILABLE, detail);
        }
    }
}
