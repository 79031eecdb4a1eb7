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

    /** Refuses a change by a viewer on the server, whatever the page showed: true when the caller may change things. */
    boolean mayChange() {
        if (isAdmin()) {
            return true;
        }
        Messages.error("Refused: account " + getName() + " is a viewer and may not change anything.");
        return false;
    }

    public void signOut() throws IOException {
        ExternalContext external = external();
        ConsoleAuthentication.signOut((HttpServletRequest) external.getRequest());
        external.redirect(external.getRequestContextPath() + ConsoleAuthentication.LOGIN_PAGE + "?signedOut=true");
    }

    private static ExternalContext external() {
        return FacesContext.getCurrentInstance().getExternalContext();
    }
}
