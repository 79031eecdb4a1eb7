package net.activationserver.api;

import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Paths under /api/ that are not /api/v1/: a problem+json 404, never the server's HTML error page. */
@WebServlet(urlPatterns = "/api/*")
public class ApiFallbackServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProblemCode code = ProblemCode.ASL_NOT_FOUND;
        response.setStatus(code.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Json.createObjectBuilder()
                .add("type", code.type())
                .add("title", code.title())
                .add("status", code.status())
                .add("detail", "No such API. The appliance protocol is under /api/v1/.")
                .add("code", code.name())
                .build().toString());
    }
}
