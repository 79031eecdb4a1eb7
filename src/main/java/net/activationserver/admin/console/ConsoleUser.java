package net.activationserver.admin.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import net.activationserver.server.entity.Actor;

import java.io.IOException;

/** The signed-in console user: name, role, and sign-out. */
@Named
@RequestScoped
public class ConsoleUser {

    public String getName() {
        var principal = external().getUserPrincipal();
        return principal == null ? null : principal.getName();
    }

    /** Admins change things; viewers see everything and change nothing. */
    public boolean isAdmin() {
        return external().isUserInRole("admin");
    }

    public String getRole() {
        return isAdmin() ? "admin" : "viewer";
    }

    Actor actor() {
        return Actor.admin(getName());
    }

    /**
     * Tells of a change the facade refused for this account's role ({@code @RolesAllowed}: {@code EJBAccessException}):
     * the facade decides, whatever the page showed (a page opened before the account became a viewer still shows its
     * buttons).
     */
    void refused() {
        Messages.error("Refused: account " + getName() + " is a viewer and may not change anything.");
    }

    public void signOut() throws IOException {
        ExternalContext external = external();
        AdminAuthentication.signOut((HttpServletRequest) external.getRequest());
        external.redirect(external.getRequestContextPath() + AdminAuthentication.LOGIN_PAGE + "?signedOut=true");
    }

    private static ExternalContext external() {
        return FacesContext.getCurrentInstance().getExternalContext();
    }
}
