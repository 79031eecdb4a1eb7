package net.activationserver.server.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.activationserver.server.control.ServerMetrics;

import java.io.IOException;

/**
 * {@code GET /metrics}: the application's metrics for Prometheus to scrape, from the application itself on every runtime
 * (Payara's own MicroProfile Metrics service, which would take this path, is switched off by
 * payara-config/pre-boot-commands.asadmin). No authentication, as Prometheus scrapes it. Any query is ignored:
 * {@code /metrics?scope=application}, the address of earlier builds, answers the same.
 */
@WebServlet(urlPatterns = "/metrics")
public class MetricsServlet extends HttpServlet {

    @Inject
    ServerMetrics metrics;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ServerMetrics.Scrape scrape = metrics.scrape(request.getHeader("Accept"));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(scrape.contentType());
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(scrape.body().length);
        response.getOutputStream().write(scrape.body());
    }
}
