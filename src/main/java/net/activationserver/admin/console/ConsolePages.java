package net.activationserver.admin.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;

import java.util.List;
import java.util.Set;

/** The console's menu: its pages in order, the one shown marked (a plain list of links, read as such by screen readers). */
@Named
@RequestScoped
public class ConsolePages {

    /** A menu entry; {@code views} are the pages it stands for (Metered Licensing has two tabs). */
    public record Page(String id, String label, String icon, String path, Set<String> views, boolean current) {
    }

    private static final List<Page> PAGES = List.of(
            new Page("dashboard", "Dashboard", "pi-chart-bar", "/console/index.xhtml", Set.of("/console/index.xhtml"), false),
            new Page("networks", "Networks", "pi-sitemap", "/console/networks.xhtml", Set.of("/console/networks.xhtml"), false),
            new Page("instances", "Metered Licensing", "pi-server", "/console/instances.xhtml",
                    Set.of("/console/instances.xhtml", "/console/mela.xhtml"), false),
            new Page("licenses", "License Management", "pi-key", "/console/licenses.xhtml", Set.of("/console/licenses.xhtml"), false),
            new Page("logs", "Logs", "pi-list", "/console/logs.xhtml", Set.of("/console/logs.xhtml"), false),
            new Page("webhooks", "Webhooks", "pi-send", "/console/webhooks.xhtml", Set.of("/console/webhooks.xhtml"), false),
            new Page("users", "Users", "pi-users", "/console/users.xhtml", Set.of("/console/users.xhtml"), false),
            new Page("settings", "Settings", "pi-cog", "/console/settings.xhtml", Set.of("/console/settings.xhtml"), false));

    private List<Page> menu;

    public List<Page> getMenu() {
        if (menu == null) {
            FacesContext context = FacesContext.getCurrentInstance();
            String view = context == null || context.getViewRoot() == null ? "" : context.getViewRoot().getViewId();
            menu = PAGES.stream().map(p -> new Page(p.id(), p.label(), p.icon(), p.path(), p.views(), p.views().contains(view))).toList();
        }
        return menu;
    }

    /** Whether this view is the one shown (the tabs of Metered Licensing). */
    public boolean isShown(String view) {
        FacesContext context = FacesContext.getCurrentInstance();
        return context != null && context.getViewRoot() != null && view.equals(context.getViewRoot().getViewId());
    }
}
