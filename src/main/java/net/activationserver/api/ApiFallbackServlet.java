package net.activationserver.api;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import net.activationserver.server.entity.ProblemCode;

/** Paths under /api/ that are not /api/v1/: a problem+json 404, never the server's HTML error page. */
@WebServlet(urlPatterns = "/api/*")
public class ApiFallbackServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Problem.write(response, ProblemCode.ASL_NOT_FOUND, "No such API. The appliance protocol is under /api/v1/.");
    }
}
