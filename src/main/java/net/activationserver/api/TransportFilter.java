package net.activationserver.api;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import net.activationserver.server.control.Https;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.activationserver.server.entity.ProblemCode;

/**
 * The first filter of every request (WEB-INF/web.xml), so that everything after it sees where the request really came
 * from and whether it came over HTTPS:
 * <ul>
 *     <li>From a trusted proxy ({@code asl.proxy.trusted}), {@code X-Forwarded-For} and {@code X-Forwarded-Proto} become the
 *     request's remote address and scheme: the rate limit, the peer in debug lines, the console's redirects and its
 *     {@code Secure} cookie use them. From anyone else those headers are ignored.</li>
 *     <li>When HTTPS is on, a page asked for over plain HTTP is redirected to HTTPS, the admin API over plain HTTP is
 *     refused (its password would travel in clear), appliance calls too when {@code asl.http.appliances=refuse}, and
 *     every HTTPS answer carries HSTS.</li>
 * </ul>
 */
public class TransportFilter extends HttpFilter {

    static final String HSTS = "max-age=31536000";

    @Inject
    Https https;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest seen = https.trustedProxy(request.getRemoteAddr()) ? Forwarded.of(request, https) : request;
        Optional<Integer> httpsPort = https.port();
        if (httpsPort.isPresent()) {
            if (seen.isSecure()) {
                response.setHeader("Strict-Transport-Security", HSTS);
            } else if (!plainHttpAllowed(seen, response, httpsPort.get())) {
                return;
            }
        }
        chain.doFilter(seen, response);
    }

    /**
     * The client's address: behind a trusted proxy, the one it forwarded. For what runs before this filter (the sign-in
     * mechanism runs in the container's authentication step, before any filter).
     */
    public static String client(HttpServletRequest request, Https https) {
        return https.trustedProxy(request.getRemoteAddr()) ? Forwarded.client(request, https) : request.getRemoteAddr();
    }

    /** Answers a request over plain HTTP while HTTPS is on, unless it may go on: true to go on. */
    private boolean plainHttpAllowed(HttpServletRequest request, HttpServletResponse response, int httpsPort) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/health") || path.startsWith("/metrics") || path.startsWith("/openapi") || path.equals("/api/v1/ping")) {
            return true; // for load balancers and scrapers on the internal network; nothing secret
        }
        String location = "https://" + request.getServerName() + (httpsPort == 443 ? "" : ":" + httpsPort) + request.getRequestURI();
        if (path.startsWith("/api/v1/admin/") || path.equals("/api/v1/admin")) {
            Problem.write(response, ProblemCode.ASL_FORBIDDEN, "This server takes the admin API over HTTPS only: " + location);
            return false;
        }
        if (path.startsWith("/api/")) {
            if (https.appliancesMayUseHttp()) {
                return true;
            }
            Problem.write(response, ProblemCode.ASL_FORBIDDEN, "This server takes appliance calls over HTTPS only: " + location);
            return false;
        }
        String method = request.getMethod();
        response.setStatus("GET".equals(method) || "HEAD".equals(method) ? HttpServletResponse.SC_MOVED_PERMANENTLY : 308);
        response.setHeader("Location", request.getQueryString() == null ? location : location + "?" + request.getQueryString());
        return false;
    }

    /** A request as a trusted proxy forwarded it: the client's address and the scheme it used. */
    static final class Forwarded extends HttpServletRequestWrapper {

        private final String client;
        private final String scheme;

        private Forwarded(HttpServletRequest request, String client, String scheme) {
            super(request);
            this.client = client;
            this.scheme = scheme;
        }

        /** The request as forwarded, the client's address found with the proxies {@code https} trusts. */
        static HttpServletRequest of(HttpServletRequest request, Https https) {
            String client = client(request, https);
            // the nearest value: the one the trusted proxy itself wrote (a client's own header would come first)
            String proto = request.getHeader("X-Forwarded-Proto");
            String[] values = proto == null ? new String[0] : proto.split(",");
            String scheme = values.length == 0 ? request.getScheme() : values[values.length - 1].strip().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                scheme = request.getScheme();
            }
            return new Forwarded(request, client, scheme);
        }

        /**
         * The nearest address in X-Forwarded-For that is not itself a trusted proxy (each proxy appends on the right); the
         * leftmost if all are trusted.
         */
        private static String client(HttpServletRequest request, Https https) {
            List<String> hops = new ArrayList<>();
            for (String header : Collections.list(request.getHeaders("X-Forwarded-For"))) {
                for (String hop : header.split(",")) {
                    if (!hop.isBlank()) {
                        hops.add(hop.strip());
                    }
                }
            }
            String nearest = request.getRemoteAddr();
            for (int i = hops.size() - 1; i >= 0; i--) {
                Optional<String> hop = Https.address(hops.get(i));
                if (hop.isEmpty()) {
                    return nearest; // garbage is never taken for an address (it would reach logs and the rate limit)
                }
                nearest = hop.get();
                if (!https.trustedProxy(nearest)) {
                    return nearest;
                }
            }
            return nearest;
        }

        @Override
        public String getRemoteAddr() {
            return client;
        }

        @Override
        public String getRemoteHost() {
            return client;
        }

        @Override
        public String getScheme() {
            return scheme;
        }

        @Override
        public boolean isSecure() {
            return scheme.equals("https");
        }
    }
}
