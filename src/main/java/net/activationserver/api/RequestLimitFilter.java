package net.activationserver.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import net.activationserver.server.control.AslConfig;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ConcurrentHashMap;
import net.activationserver.server.entity.InvalidRequestException;

/**
 * Limits every API request before anything else runs: bodies over 64 KiB get 413, and when
 * {@code asl.rate-limit.per-source} is set, a source address over that many requests per second gets 429.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class RequestLimitFilter implements ContainerRequestFilter {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    private static final ConcurrentHashMap<String, Window> WINDOWS = new ConcurrentHashMap<>();

    @Context
    HttpServletRequest servletRequest;

    @Inject
    AslConfig config;

    @Override
    public void filter(ContainerRequestContext request) {
        int perSecond = config.rateLimitPerSource();
        if (perSecond > 0 && !allowed(servletRequest.getRemoteAddr(), perSecond, System.currentTimeMillis() / 1000)) {
            throw new RateLimitedException("More than " + perSecond + " requests per second from this address; retry after a second.");
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > MAX_BODY_BYTES) {
                    throw new InvalidRequestException(413, "The body is larger than 64 KiB.");
                }
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("Content-Length is not a number.");
            }
        }
        InputStream in = request.getEntityStream();
        if (in != null) {
            request.setEntityStream(new Bounded(in));
        }
    }

    /** A fixed one-second window per source; old windows are replaced in place, so the map holds one entry per source. */
    static boolean allowed(String source, int perSecond, long second) {
        Window window = WINDOWS.compute(source, (key, current) -> current == null || current.second != second ? new Window(second) : current);
        if (WINDOWS.size() > 100_000) {
            WINDOWS.entrySet().removeIf(entry -> entry.getValue().second < second);
        }
        synchronized (window) {
            return ++window.count <= perSecond;
        }
    }

    private static final class Window {
        final long second;
        int count;

        Window(long second) {
            this.second = second;
        }
    }

    /** Stops reading past the limit, however the body is sent (chunked bodies carry no Content-Length). */
    private static final class Bounded extends FilterInputStream {
        private long read;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > MAX_BODY_BYTES) {
                throw new InvalidRequestException(413, "The body is larger than 64 KiB.");
            }
        }
    }
}
