package net.activationserver.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import java.util.function.Consumer;
import net.activationserver.server.entity.InvalidRequestException;

/**
 * Reads the headers Jakarta REST parses itself before any resource matches, and answers a malformed one as
 * 400 {@code ASL_INVALID_REQUEST} naming it. Left to the runtime, an empty or malformed {@code Content-Type} or
 * {@code Accept} is answered before any exception mapper runs (Jersey: an empty 400 the container turns into its HTML
 * page).
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 50)
public class HeaderCheckFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && contentType.isBlank()) {
            throw InvalidRequestException.field(HttpHeaders.CONTENT_TYPE, "is empty");
        }
        check(request, HttpHeaders.CONTENT_TYPE, ContainerRequestContext::getMediaType);
        check(request, HttpHeaders.ACCEPT, ContainerRequestContext::getAcceptableMediaTypes);
        check(request, HttpHeaders.ACCEPT_LANGUAGE, ContainerRequestContext::getAcceptableLanguages);
        check(request, HttpHeaders.CONTENT_LANGUAGE, ContainerRequestContext::getLanguage);
        check(request, HttpHeaders.COOKIE, ContainerRequestContext::getCookies);
        check(request, HttpHeaders.DATE, ContainerRequestContext::getDate);
    }

    private static void check(ContainerRequestContext request, String header, Consumer<ContainerRequestContext> parse) {
        if (request.getHeaderString(header) == null) {
            return;
        }
        try {
            parse.accept(request);
        } catch (RuntimeException malformed) {
            throw InvalidRequestException.field(header, "is malformed");
        }
    }
}
