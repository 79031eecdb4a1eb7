package net.activationserver.admin.console;

import jakarta.ejb.EJBAccessException;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import net.activationserver.network.boundary.NetworkView;
import net.activationserver.network.boundary.Networks;
import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.Words;

/** The Networks page's seat release of the network shown: after how many hours of silence its appliances lose their seats. */
@Named
@ViewScoped
public class NetworkReleaseView implements Serializable {

    @Inject
    NetworksView page;

    @Inject
    Networks networks;

    @Inject
    ConsoleUser user;

    private Integer hours;

    /** How the network's release reads now. */
    public String getCurrent() {
        NetworkView network = page.getCurrent();
        return network.releaseAfter() == null ? "as the server's setting says" : "after " + Words.duration(Duration.parse(network.releaseAfter()))
                + " without a heartbeat";
    }

    public void save() {
        set(hours == null ? null : Duration.ofHours(hours));
    }

    public void useServerSetting() {
        set(null);
    }

    private void set(Duration releaseAfter) {
        NetworkView network = page.getCurrent();
        try {
            networks.releaseAfter(network.id(), releaseAfter, user.actor());
            Messages.info("Network " + network.name() + ": seats are released " + (releaseAfter == null ? "as the server's setting says"
                    : "after " + Words.duration(releaseAfter) + " without a heartbeat") + ".");
            hours = null;
            page.refresh();
        } catch (EJBAccessException denied) {
            user.refused();
        } catch (AslException e) {
            Messages.error(e.getMessage());
        }
    }

    public Integer getHours() {
        return hours;
    }

    public void setHours(Integer hours) {
        this.hours = hours;
    }
}
