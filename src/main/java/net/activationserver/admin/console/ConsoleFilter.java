package net.activationserver.admin.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.activationserver.server.entity.LogText;

/**
 * Every console page: security headers (no sniffing, no framing, no referrer outside the server, no caching), and
 * any failure the page did not turn into a message goes to the console's error page, never a stack trace. Mapped to
 * {@code /console/*} in WEB-INF/web.xml, after the transport filter.
 */
public class ConsoleFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(ConsoleFilter.class.getName());

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        secure(response);
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            LOG.log(Level.WARNING, "Console request " + LogText.clean(request.getMethod() + " " + request.getRequestURI()) + " failed", e);
            if (response.isCommitted()) {
                return;
            }
            response.reset();
            secure(response);
            response.sendRedirect(request.getContextPath() + AdminAuthentication.CONSOLE + "error.xhtml");
        }
    }

    static void secure(HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Cache-Control", "no-store");
    }
}
