package net.activationserver.api;

import jakarta.ejb.EJBException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Link;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.net.URI;
import java.sql.SQLTransientConnectionException;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ProblemCode;
import net.activationserver.server.entity.InvalidRequestException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProblemMapperTest {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Logger MAPPER_LOG = Logger.getLogger(ProblemMapper.class.getName());
    private Level level;

    @BeforeEach
    void quiet() {
        // the internal-error case logs a SEVERE line with a stack trace by design; keep the test output readable
        level = MAPPER_LOG.getLevel();
        MAPPER_LOG.setLevel(Level.OFF);
    }

    @AfterEach
    void restore() {
        MAPPER_LOG.setLevel(level);
    }

    private static void assertRefusal(ProblemCode code, int status, AslException refusal) {
        assertEquals(code, refusal.code(), refusal.getMessage());
        assertEquals(status, refusal.status(), refusal.getMessage());
        assertTrue(refusal.getMessage() != null && !refusal.getMessage().isBlank());
    }

    // ---- refusals are passed through ----

    @Test
    void aslExceptionIsReturnedAsIs() {
        InvalidRequestException refusal = new InvalidRequestException("x");
        assertSame(refusal, ProblemMapper.asRefusal(refusal));
    }

    @Test
    void aslExceptionWrappedInARuntimeExceptionIsReturnedAsIs() {
        InvalidRequestException refusal = new InvalidRequestException("x");
        assertSame(refusal, ProblemMapper.asRefusal(new RuntimeException("wrapper", refusal)));
    }

    @Test
    void aslExceptionWrappedInAnEjbExceptionIsReturnedAsIs() {
        InvalidRequestException refusal = new InvalidRequestException("x");
        assertSame(refusal, ProblemMapper.asRefusal(new EJBException(refusal)));
        assertSame(refusal, ProblemMapper.asRefusal(new EJBException("outer", new RuntimeException(refusal))));
    }

    // ---- JAX-RS exceptions ----
    // Their convenience constructors (new NotFoundException(), new NotAllowedException("GET"), new NotSupportedException(),
    // new WebApplicationException(413)) build a Response through the JAX-RS RuntimeDelegate, which only a JAX-RS
    // implementation provides; the unit-test classpath has none ("Provider for jakarta.ws.rs.ext.RuntimeDelegate cannot
    // be found"). The constructors that take a ready Response need no RuntimeDelegate, so each exception is built here
    // around a hand-written Response that only knows its status: the mapper reads nothing else.

    /** A Response that carries a status and nothing else; enough for the JAX-RS exception constructors and the mapper. */
    static final class StatusOnlyResponse extends Response {
        private final Response.Status status;

        StatusOnlyResponse(int status) {
            this.status = Response.Status.fromStatusCode(status);
        }

        @Override public int getStatus() { return status.getStatusCode(); }
        @Override public StatusType getStatusInfo() { return status; }
        @Override public Object getEntity() { return null; }
        @Override public <T> T readEntity(Class<T> type) { throw new UnsupportedOperationException(); }
        @Override public <T> T readEntity(GenericType<T> type) { throw new UnsupportedOperationException(); }
        @Override public <T> T readEntity(Class<T> type, Annotation[] annotations) { throw new UnsupportedOperationException(); }
        @Override public <T> T readEntity(GenericType<T> type, Annotation[] annotations) { throw new UnsupportedOperationException(); }
        @Override public boolean hasEntity() { return false; }
        @Override public boolean bufferEntity() { return false; }
        @Override public void close() { }
        @Override public MediaType getMediaType() { return null; }
        @Override public Locale getLanguage() { return null; }
        @Override public int getLength() { return -1; }
        @Override public Set<String> getAllowedMethods() { return Set.of(); }
        @Override public Map<String, NewCookie> getCookies() { return Map.of(); }
        @Override public EntityTag getEntityTag() { return null; }
        @Override public Date getDate() { return null; }
        @Override public Date getLastModified() { return null; }
        @Override public URI getLocation() { return null; }
        @Override public Set<Link> getLinks() { return Set.of(); }
        @Override public boolean hasLink(String relation) { return false; }
        @Override public Link getLink(String relation) { return null; }
        @Override public Link.Builder getLinkBuilder(String relation) { return null; }
        @Override public MultivaluedMap<String, Object> getMetadata() { return new MultivaluedHashMap<>(); }
        @Override public MultivaluedMap<String, String> getStringHeaders() { return new MultivaluedHashMap<>(); }
        @Override public String getHeaderString(String name) { return null; }
    }

    @Test
    void notFoundIsAslNotFound404() {
        assertRefusal(ProblemCode.ASL_NOT_FOUND, 404, ProblemMapper.asRefusal(new NotFoundException(new StatusOnlyResponse(404))));
    }

    @Test
    void notAllowedIsInvalidRequest405() {
        assertRefusal(ProblemCode.ASL_INVALID_REQUEST, 405, ProblemMapper.asRefusal(new NotAllowedException(new StatusOnlyResponse(405))));
    }

    @Test
    void notSupportedIsInvalidRequest415() {
        assertRefusal(ProblemCode.ASL_INVALID_REQUEST, 415, ProblemMapper.asRefusal(new NotSupportedException(new StatusOnlyResponse(415))));
    }

    @Test
    void payloadTooLargeIsInvalidRequest413() {
        assertRefusal(ProblemCode.ASL_INVALID_REQUEST, 413, ProblemMapper.asRefusal(new WebApplicationException(new StatusOnlyResponse(413))));
    }

    @Test
    void otherClientErrorsKeepTheirStatusAsInvalidRequest() {
        assertRefusal(ProblemCode.ASL_INVALID_REQUEST, 406, ProblemMapper.asRefusal(new WebApplicationException(new StatusOnlyResponse(406))));
        assertRefusal(ProblemCode.ASL_INVALID_REQUEST, 400, ProblemMapper.asRefusal(new WebApplicationException(new StatusOnlyResponse(400))));
    }

    // ---- infrastructure failures ----

    @Test
    void databaseConnectionFailureIsUnavailable503() {
        AslException refusal = ProblemMapper.asRefusal(new RuntimeException("pool", new SQLTransientConnectionException("connect refused")));
        assertRefusal(ProblemCode.ASL_UNAVAILABLE, 503, refusal);
        assertFalse(refusal.getMessage().contains("connect refused"), refusal.getMessage());
    }

    @Test
    void optimisticLockIsConflict409() {
        assertRefusal(ProblemCode.ASL_CONFLICT, 409, ProblemMapper.asRefusal(new OptimisticLockException("row 7 changed")));
    }

    @Test
    void unexpectedFailureIsInternalError500WithoutDetailsButWithAnIncidentId() {
        AslException refusal = ProblemMapper.asRefusal(new IllegalStateException("secret details"));
        assertRefusal(ProblemCode.ASL_INTERNAL_ERROR, 500, refusal);
        assertFalse(refusal.getMessage().contains("secret details"), refusal.getMessage());
        assertFalse(refusal.getMessage().contains("IllegalStateException"), refusal.getMessage());
        assertTrue(refusal.getMessage().contains("incident"), refusal.getMessage());
        assertTrue(UUID.matcher(refusal.getMessage()).find(), refusal.getMessage());
        assertTrue(refusal.errors().isEmpty());
    }

    @Test
    void everyInternalErrorGetsItsOwnIncidentId() {
        String first = ProblemMapper.asRefusal(new IllegalStateException("a")).getMessage();
        String second = ProblemMapper.asRefusal(new IllegalStateException("a")).getMessage();
        assertNotEquals(first, second);
    }
}
