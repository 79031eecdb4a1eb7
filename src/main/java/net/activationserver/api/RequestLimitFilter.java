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
 * Limits every API request before anything else runs: bodies over 64 KiB get 413; when {@code asl.rate-limit.per-source}
 * is set, a source address over that many requests per second gets 429; and a source address over
 * {@code asl.rate-limit.activations-per-source} activation calls in a minute (default 120, on each node) gets 429 for
 * the rest of that minute, so that the shared appliance key alone cannot fill the pool with made-up MACs at speed.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class RequestLimitFilter implements ContainerRequestFilter {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    private static final ConcurrentHashMap<String, Window> WINDOWS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, Window> ACTIVATION_WINDOWS = new ConcurrentHashMap<>();

    @Context
    HttpServletRequest servletRequest;

    @Inject
    AslConfig config;

    @Override
    public void filter(ContainerRequestContext request) {
        int perSecond = config.rateLimitPerSource();
        long now = System.currentTimeMillis();
        if (perSecond > 0 && !allowed(WINDOWS, servletRequest.getRemoteAddr(), perSecond, now / 1000)) {
            throw new RateLimitedException("More than " + perSecond + " requests per second from this address; retry after a second.");
        }
        if ("POST".equals(request.getMethod()) && isActivation(request.getUriInfo().getPath(false))) {
            int perMinute = config.activationsPerSource();
            if (perMinute > 0 && !allowed(ACTIVATION_WINDOWS, servletRequest.getRemoteAddr(), perMinute, now / 60_000)) {
                long wait = 60 - (now / 1000) % 60;
                throw new RateLimitedException("More than " + perMinute + " activations a minute from this address; retry in " + wait + " s.", wait);
            }
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

    /** The activation path as JAX-RS gives it: relative to the application, with or without a leading slash (runtimes differ). */
    static boolean isActivation(String path) {
        return "activations".equals(path.startsWith("/") ? path.substring(1) : path);
    }

    static boolean allowed(String source, int perSecond, long second) {
        return allowed(WINDOWS, source, perSecond, second);
    }

    /** A fixed window (a second, a minute) per source; old windows are replaced in place, so a map holds one entry per source. */
    static boolean allowed(ConcurrentHashMap<String, Window> windows, String source, int perWindow, long window) {
        Window current = windows.compute(source, (key, old) -> old == null || old.number != window ? new Window(window) : old);
        if (windows.size() > 100_000) {
            windows.entrySet().removeIf(entry -> entry.getValue().number < window);
        }
        synchronized (current) {
            return ++current.count <= perWindow;
        }
    }

    private static final class Window {
        /** Which second or minute of the clock. */
        final long number;
        int count;

        Window(long number) {
            this.number = number;
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
