package net.activationserver.admin.console;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJBAccessException;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import net.activationserver.events.boundary.WebhookView;
import net.activationserver.events.boundary.Webhooks;
import net.activationserver.events.control.Outbox;
import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.Notice;

/**
 * Webhooks: the endpoints events are sent to, each with its recent deliveries; admins add one (its secret shown
 * once), send it a test event, and delete it.
 */
@Named
@ViewScoped
public class WebhooksView implements Serializable {

    /** Deliveries shown per endpoint. */
    static final int DELIVERIES = 20;

    @Inject
    Webhooks webhooks;

    @Inject
    ConsoleUser user;

    private List<WebhookView> endpoints;
    private String selectedId;
    private List<Outbox.DeliveryRow> deliveries = List.of();
    private String url;
    private String description;
    private List<String> events = new ArrayList<>(List.of("*"));
    /** The secret of the endpoint just added: shown once. */
    private String newSecret;

    @PostConstruct
    void load() {
        endpoints = webhooks.endpoints();
        if (selectedId != null) {
            showDeliveries(selectedId);
        }
    }

    public void add() {
        try {
            WebhookView added = webhooks.create(url, description, events, user.actor());
            newSecret = added.secret();
            Messages.info("Endpoint " + added.url() + " added. Copy its signing secret now: it is not shown again.");
            url = null;
            description = null;
            events = new ArrayList<>(List.of("*"));
            selectedId = added.id();
        } catch (EJBAccessException denied) {
            user.refused();
        } catch (AslException e) {
            Messages.error(e.getMessage());
        }
        load();
    }

    public void test(WebhookView endpoint) {
        try {
            webhooks.test(endpoint.id(), user.actor());
            Messages.info("Test event queued for " + endpoint.url() + "; it is sent within seconds.");
            selectedId = endpoint.id();
        } catch (EJBAccessException denied) {
            user.refused();
        } catch (AslException e) {
            Messages.error(e.getMessage());
        }
        load();
    }

    public void delete(WebhookView endpoint) {
        try {
            webhooks.delete(endpoint.id(), user.actor());
            Messages.info("Endpoint " + endpoint.url() + " deleted.");
            if (endpoint.id().equals(selectedId)) {
                selectedId = null;
                deliveries = List.of();
            }
        } catch (EJBAccessException denied) {
            user.refused();
        } catch (AslException e) {
            Messages.error(e.getMessage());
        }
        load();
    }

    public void showDeliveries(String endpointId) {
        try {
            selectedId = endpointId;
            deliveries = webhooks.deliveries(endpointId, DELIVERIES);
        } catch (AslException e) {
            selectedId = null;
            deliveries = List.of();
            Messages.error(e.getMessage());
        }
    }

    public void refresh() {
        load();
    }

    public List<String> getEventTypes() {
        List<String> types = new ArrayList<>(List.of(net.activationserver.events.entity.WebhookEndpoint.ALL));
        types.addAll(Notice.Type.subscribable());
        return types;
    }

    public String label(String type) {
        return type.equals("*") ? "every event" : type;
    }

    public List<WebhookView> getEndpoints() {
        return endpoints;
    }

    public List<Outbox.DeliveryRow> getDeliveries() {
        return deliveries;
    }

    public WebhookView getSelected() {
        return endpoints.stream().filter(e -> e.id().equals(selectedId)).findFirst().orElse(null);
    }

    public String getNewSecret() {
        return newSecret;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public List<String> getEvents() {
        return events;
    }

    public void setEvents(List<String> events) {
        this.events = events;
    }
}
