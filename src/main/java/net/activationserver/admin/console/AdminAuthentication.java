package net.activationserver.admin.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import net.activationserver.admin.boundary.AdminAuthFilter;
import net.activationserver.admin.boundary.Administrators;
import net.activationserver.admin.boundary.ApiCredentials;
import net.activationserver.admin.boundary.ApiTokens;
import net.activationserver.admin.boundary.SignIns;
import net.activationserver.api.TransportFilter;
import net.activationserver.server.control.Https;
import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.LogText;
import net.activationserver.admin.entity.Role;

import java.io.IOException;
import java.io.Serializable;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The admins' sign-in (Jakarta Security; an application has one mechanism): it tells the container who calls and in
 * which role, and the facades allow or refuse by role ({@code @RolesAllowed}).
 * <ul>
 * <li>The console: form sign-in against the admin accounts. The login page hands the credential over with
 * {@code SecurityContext.authenticate}; a signed-in account is kept in the HTTP session (which times out, web.xml) and
 * re-applied on each console request with the role the account has now.</li>
 * <li>The admin API: HTTP Basic on every request ({@link ApiCredentials}). Credentials that do not sign in are not
 * answered here (the container would answer with its own page): the reason is left in a request attribute, and the
 * admin API's filter answers 401 as problem+json.</li>
 * </ul>
 * Every other request (appliances, with their HMAC proof and tokens) is left alone.
 */
@ApplicationScoped
public class AdminAuthentication implements HttpAuthenticationMechanism {

    static final String CONSOLE = "/console/";
    static final String ADMIN_API = "/api/v1/admin/";
    static final String LOGIN_PAGE = CONSOLE + "login.xhtml";
    static final String HOME_PAGE = CONSOLE + "index.xhtml";
    private static final String SIGNED_IN = "asl.console.account";
    private static final Logger LOG = Logger.getLogger(AdminAuthentication.class.getName());

    /** Who is signed in to this session: the account name, and the version of its access it signed in with. */
    record Account(String username, long accessVersion) implements Serializable {
    }

    /** The request attribute where a refused console sign-in leaves why, for the login page. */
    static final String REFUSAL = "asl.console.refusal";

    @Inject
    Administrators administrators;

    @Inject
    SignIns signIns;

    @Inject
    ApiCredentials credentials;

    @Inject
    ApiTokens tokens;

    @Inject
    Https https;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        Credential credential = context.getAuthParameters() == null ? null : context.getAuthParameters().getCredential();
        if (credential instanceof UsernamePasswordCredential login) {
            return signIn(request, context, login);
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                ApiCredentials.Caller caller = credentials.check(authorization, TransportFilter.client(request, https));
                return context.notifyContainerAboutLogin(caller.username(), Set.of(roleName(caller.role())));
            } catch (AslException refused) {
                request.setAttribute(AdminAuthFilter.REFUSAL, refused);
                return context.doNothing();
            }
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && request.getRequestURI().startsWith(request.getContextPath() + ADMIN_API)) {
            // an automation token; on the appliance API a bearer token is an instance's, which this does not touch
            try {
                ApiCredentials.Caller caller = tokens.check(authorization.substring(7).strip());
                return context.notifyContainerAboutLogin(caller.username(), Set.of(roleName(caller.role())));
            } catch (AslException refused) {
                request.setAttribute(AdminAuthFilter.REFUSAL, refused);
                return context.doNothing();
            }
        }
        if (!request.getRequestURI().startsWith(request.getContextPath() + CONSOLE)) {
            return context.doNothing();
        }
        HttpSession session = request.getSession(false);
        Account account = session == null ? null : (Account) session.getAttribute(SIGNED_IN);
        if (account != null) {
            // re-checked on every request: a disabled, demoted or reset account's session ends at its next request
            Optional<Administrators.Standing> standing = administrators.standing(account.username());
            if (standing.isPresent() && standing.get().accessVersion() == account.accessVersion()) {
                return context.notifyContainerAboutLogin(account.username(), Set.of(roleName(standing.get().role())));
            }
            session.invalidate();
        }
        if (context.isProtected()) {
            return toLoginPage(request, response);
        }
        return context.doNothing();
    }

    private AuthenticationStatus signIn(HttpServletRequest request, HttpMessageContext context, UsernamePasswordCredential login) {
        Optional<Administrators.Standing> standing;
        try {
            standing = signIns.signIn(login.getCaller(), login.getPasswordAsString(), TransportFilter.client(request, https));
        } catch (AslException refused) {
            request.setAttribute(REFUSAL, refused.getMessage());
            LOG.info(() -> "Console sign-in refused for account " + LogText.clean(login.getCaller()) + ": " + refused.getMessage());
            return AuthenticationStatus.SEND_FAILURE;
        }
        if (standing.isEmpty()) {
            LOG.info(() -> "Console sign-in refused for account " + LogText.clean(login.getCaller()));
            return AuthenticationStatus.SEND_FAILURE;
        }
        if (request.getSession(false) != null) {
            request.changeSessionId(); // no session fixation
        }
        Account account = new Account(standing.get().username(), standing.get().accessVersion());
        request.getSession(true).setAttribute(SIGNED_IN, account);
        String role = roleName(standing.get().role());
        LOG.info(() -> "Console sign-in: " + account.username() + " (" + role + ")");
        return context.notifyContainerAboutLogin(account.username(), Set.of(role));
    }

    private static String roleName(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    /** A plain request is redirected; a Faces Ajax request (say, after the session timed out) gets a partial-response redirect. */
    private static AuthenticationStatus toLoginPage(HttpServletRequest request, HttpServletResponse response) {
        String login = request.getContextPath() + LOGIN_PAGE;
        try {
            if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
                response.setContentType("text/xml");
                response.setCharacterEncoding("UTF-8");
                response.getWriter().write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                        + login + "\"></redirect></partial-response>");
            } else {
                response.sendRedirect(login);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return AuthenticationStatus.SEND_CONTINUE;
    }

    /** Ends the console session (sign-out). */
    static void signOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }
}
