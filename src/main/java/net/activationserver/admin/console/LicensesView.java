package net.activationserver.admin.console;

import jakarta.ejb.EJBAccessException;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import net.activationserver.server.entity.AslException;
import net.activationserver.licensing.boundary.EntitlementView;
import net.activationserver.licensing.boundary.Licensing;
import net.activationserver.licensing.boundary.PoolView;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/** License Management: the installed license files, the seats they add up to, and installing a new file. */
@Named
@ViewScoped
public class LicensesView implements Serializable {

    @Inject
    Licensing licensing;

    @Inject
    ConsoleUser user;

    private String licenseFile;
    private List<EntitlementView> entitlements;
    private PoolView pool;

    @PostConstruct
    void load() {
        entitlements = licensing.entitlements();
        pool = licensing.pool();
    }

    public void install() {
        if (licenseFile == null || licenseFile.isBlank()) {
            Messages.error("Paste the license file (the signed text the vendor sent) first.");
            return;
        }
        try {
            EntitlementView installed = licensing.install(licenseFile.strip(), user.actor());
            Messages.info("License file " + installed.licenseId() + " installed for " + installed.customer() + ": instance limit "
                    + installed.instanceLimit() + ", " + seats(installed) + ".");
            licenseFile = null;
        } catch (EJBAccessException denied) {
            user.refused();
        } catch (AslException e) {
            Messages.error(e.getMessage());
        }
        load();
    }

    public String seats(EntitlementView entitlement) {
        return entitlement.types().stream().map(g -> g.code() + " x " + g.seats()).collect(Collectors.joining(", "));
    }

    public List<EntitlementView> getEntitlements() {
        return entitlements;
    }

    public PoolView getPool() {
        return pool;
    }

    public String getLicenseFile() {
        return licenseFile;
    }

    public void setLicenseFile(String licenseFile) {
        this.licenseFile = licenseFile;
    }
}
