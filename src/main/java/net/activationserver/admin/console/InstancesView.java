package net.activationserver.admin.console;

import jakarta.ejb.EJBAccessException;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import net.activationserver.activation.boundary.Deregistrations;
import net.activationserver.activation.boundary.InstanceCatalogue;
import net.activationserver.activation.entity.InstanceStatus;
import net.activationserver.network.entity.Mac;
import net.activationserver.server.entity.AslException;

import java.io.Serializable;
import java.util.List;

/** Metered Licensing Management: the activated instances, searched by MAC, status and type, and deregistration. */
@Named
@ViewScoped
public class InstancesView implements Serializable {

    @Inject
    InstanceCatalogue catalogue;

    @Inject
    Deregistrations deregistrations;

    @Inject
    ConsoleUser user;

    private String mac;
    private InstanceStatus status;
    private String licenseType;
    private InstanceLazyModel instances;
    private boolean mayChange;

    @PostConstruct
    void init() {
        instances = new InstanceLazyModel(catalogue);
        mayChange = user.isAdmin();
    }

    /** Applies the search form; a MAC that is not six hex octets is a message on its field and nothing is searched. */
    public void search() {
        String normalized = null;
        if (mac != null && !mac.isBlank()) {
            var parsed = Mac.parse(mac.strip());
            if (parsed.isEmpty()) {
                Messages.error("MAC " + mac.strip() + " is not six hex octets (e.g. 00:50:56:AB:CD:EF).");
                return;
            }
            normalized = parsed.get().value();
        }
        instances.filter(status, licenseType == null || licenseType.isBlank() ? null : licenseType.strip(), normalized);
    }

    public void deregister(String instanceId, String instanceMac) {
        try {
            deregistrations.deregister(instanceId, user.actor());
            Messages.info("Instance " + instanceMac + " deregistered: its seat is free, the appliance gets 410 at its next heartbeat.");
        } catch (EJBAccessException denied) {
            user.refused();
        } catch (AslException e) {
            Messages.error(e.getMessage());
        }
    }

    /**
     * Whether this page shows change controls: the role when the page was opened. Every change checks the role again
     * on the server (the facades allow changes to admins only), so a page still open after its account became a viewer is refused.
     */
    public boolean isMayChange() {
        return mayChange;
    }

    public List<InstanceStatus> getStatuses() {
        return List.of(InstanceStatus.values());
    }

    public InstanceLazyModel getInstances() {
        return instances;
    }

    public String getMac() {
        return mac;
    }

    public void setMac(String mac) {
        this.mac = mac;
    }

    public InstanceStatus getStatus() {
        return status;
    }

    public void setStatus(InstanceStatus status) {
        this.status = status;
    }

    public String getLicenseType() {
        return licenseType;
    }

    public void setLicenseType(String licenseType) {
        this.licenseType = licenseType;
    }
}
