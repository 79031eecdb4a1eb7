package net.activationserver.admin.console;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.annotation.WebListener;
import net.activationserver.server.control.Https;

/**
 * The console's session cookie: never readable by scripts (web.xml), never sent by another site's form or frame
 * ({@code SameSite=Lax}), and, while HTTPS is on, never sent over plain HTTP ({@code Secure}).
 */
@WebListener
public class SessionCookies implements ServletContextListener {

    @Inject
    Https https;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        SessionCookieConfig cookie = event.getServletContext().getSessionCookieConfig();
        cookie.setHttpOnly(true);
        cookie.setAttribute("SameSite", "Lax");
        if (https.on()) {
            cookie.setSecure(true);
        }
    }
}
