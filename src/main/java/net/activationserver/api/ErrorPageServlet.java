package net.activationserver.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.LogText;

/**
 * The error page of the whole application (WEB-INF/web.xml), for every answer the runtime would otherwise write itself:
 * a status the runtime or a framework sends without a body (an unknown page, a header Jakarta REST cannot parse, an
 * unsupported method) and any exception no one caught. Under /api/ the answer is problem+json with its code, as API.md
 * promises; elsewhere (the console, the start page) the console's own plain page: no stack trace, no server name or
 * version.
 */
@WebServlet(urlPatterns = ErrorPageServlet.PATH)
public class ErrorPageServlet extends HttpServlet {

    static final String PATH = "/error-page";
    private static final Logger LOG = Logger.getLogger(ErrorPageServlet.class.getName());
    private static final String TEMPLATE = "/WEB-INF/errors/page.html";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        // asked for directly, this is no page at all
        int status = code instanceof Integer given && given >= 400 ? given : HttpServletResponse.SC_NOT_FOUND;
        if (status == HttpServletResponse.SC_NOT_IMPLEMENTED) {
            status = HttpServletResponse.SC_METHOD_NOT_ALLOWED; // a method no servlet knows (FOO): the client's error, not ours
        }
        String path = (uri == null ? request.getRequestURI() : uri.toString()).substring(request.getContextPath().length());
        if (failure instanceof Throwable thrown) {
            status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
            LOG.log(Level.SEVERE, "Request " + LogText.clean(path) + " failed", thrown);
        }
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (path.equals("/api") || path.startsWith("/api/")) {
            AslException refusal = ProblemMapper.fromStatus(status);
            Problem.write(response, refusal);
        } else {
            page(request, response, status);
        }
    }

    private void page(HttpServletRequest request, HttpServletResponse response, int status) throws IOException {
        String heading;
        String text;
        if (status == HttpServletResponse.SC_NOT_FOUND) {
            heading = "Page not found";
            text = "There is no page at this address.";
        } else if (status < 500) {
            heading = "Request not understood";
            text = "The server could not understand this request. Nothing was changed.";
        } else {
            heading = "Something went wrong";
            text = "The server could not show this page. Nothing was changed by the failed request. The server log has the details.";
        }
        String page;
        try (InputStream in = getServletContext().getResourceAsStream(TEMPLATE)) {
            page = in == null ? "<!DOCTYPE html><title>${heading}</title><h2>${heading}</h2><p>${text}</p>"
                    : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(page.replace("${heading}", heading).replace("${text}", text)
                .replace("${root}", request.getContextPath()));
    }
}
