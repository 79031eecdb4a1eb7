package net.activationserver.admin.console;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJBAccessException;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import net.activationserver.activation.boundary.Deregistrations;
import net.activationserver.activation.boundary.InstanceCatalogue;
import net.activationserver.activation.boundary.InstanceSearch;
import net.activationserver.activation.entity.InstanceStatus;
import net.activationserver.licensing.boundary.LicenseTypeView;
import net.activationserver.licensing.boundary.Licensing;
import net.activationserver.network.entity.Mac;
import net.activationserver.server.entity.AslException;

import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Metered Licensing Management: the activated instances, searched by a piece of a host name or MAC (ignoring case), status
 * and type, and deregistration. The page opened with {@code ?q=TEXT} (a link from the Logs) searches for that text.
 */
@Named
@ViewScoped
public class InstancesView implements Serializable {

    /** The characters of host names and MACs; a search with others can find nothing and is refused with a message. */
    static final Pattern SEARCHABLE = Pattern.compile("[A-Za-z0-9.:_-]{1,253}");
    /** The search field's client id, for its message. */
    static final String QUERY_FIELD = "instances:query";

    @Inject
    InstanceCatalogue catalogue;

    @Inject
    Deregistrations deregistrations;

    @Inject
    net.activationserver.activation.boundary.Replacements replacements;

    /** The appliance the replace dialog is open for, and the new MAC typed there. */
    private String replaceId;
    private String replaceName;
    private String newMac;

    @Inject
    Licensing licensing;

    @Inject
    ConsoleUser user;

    private String query;
    private InstanceStatus status;
    private String licenseType;
    private List<String> licenseTypes;
    private InstanceLazyModel instances;
    private boolean mayChange;
    private boolean invalid;

    @PostConstruct
    void init() {
        instances = new InstanceLazyModel(catalogue);
        mayChange = user.isAdmin();
        licenseTypes = licensing.pool().types().stream().map(LicenseTypeView::code).toList();
        FacesContext context = FacesContext.getCurrentInstance();
        String asked = context == null ? null : context.getExternalContext().getRequestParameterMap().get("q");
        if (asked != null && !asked.isBlank()) {
            query = asked.strip();
            search();
        }
    }

    /**
     * Applies the search form. A whole MAC (any of its spellings) is one lookup on the MAC index; other text is looked for
     * in host names and MACs, ignoring case. Text that cannot occur in either is a message on the field, and the results
     * of the previous search are cleared.
     */
    public void search() {
        String text = query == null ? "" : query.strip();
        String mac = null;
        String piece = null;
        if (!text.isEmpty()) {
            var whole = Mac.parse(text);
            if (whole.isPresent()) {
                mac = whole.get().value();
            } else if (SEARCHABLE.matcher(text).matches()) {
                piece = text;
            } else {
                invalid = true;
                instances.clear();
                Messages.field(QUERY_FIELD, "Host name or MAC: \"" + cut(text) + "\" cannot be part of a host name or MAC (letters, digits,"
                        + " '.', '-', '_' and ':' only). Nothing was searched.");
                return;
            }
        }
        invalid = false;
        String type = licenseType == null || licenseType.isBlank() ? null : licenseType;
        instances.filter(new InstanceSearch(status, type, mac, piece));
    }

    private static String cut(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    public void deregister(String instanceId, String instanceMac, String hostname) {
        try {
            deregistrations.deregister(instanceId, user.actor());
            Messages.info("Appliance " + (hostname == null ? "" : hostname + " ") + "(MAC " + instanceMac + ") deregistered: its seat is free,"
                    + " and the appliance stops at its next heartbeat.");
        } catch (EJBAccessException denied) {
            user.refused();
        } catch (AslException e) {
            Messages.error(e.getMessage());
        }
    }

    /** Opens the replace dialog for an appliance. */
    public void prepareReplace(String instanceId, String instanceMac, String hostname) {
        replaceId = instanceId;
        replaceName = (hostname == null ? "" : hostname + " ") + "(MAC " + instanceMac + ")";
        newMac = null;
    }

    /** Moves the appliance's instance to the MAC typed in the dialog. */
    public void replace() {
        java.util.Optional<net.activationserver.network.entity.Mac> mac = newMac == null ? java.util.Optional.empty()
                : net.activationserver.network.entity.Mac.parse(newMac.strip());
        if (mac.isEmpty()) {
            Messages.field("replaceForm:newMac", "New MAC: enter six hex octets, such as 00:50:56:AB:CD:EF.");
            return;
        }
        try {
            replacements.replaceByAdmin(replaceId, mac.get(), user.actor());
            Messages.info("Appliance " + replaceName + " now has MAC " + mac.get().value() + ": its seat, network, settings and history moved"
                    + " with it. The appliance at the new MAC activates as usual and gets them back.");
            replaceId = null;
        } catch (EJBAccessException denied) {
            user.refused();
        } catch (AslException e) {
            Messages.error(e.getMessage());
        }
    }

    public String getReplaceName() {
        return replaceName;
    }

    public String getNewMac() {
        return newMac;
    }

    public void setNewMac(String newMac) {
        this.newMac = newMac;
    }

    /**
     * Whether this page shows change controls: the role when the page was opened. Every change checks the role again
     * on the server (the facades allow changes to admins only), so a page still open after its account became a viewer is refused.
     */
    public boolean isMayChange() {
        return mayChange;
    }

    /** Whether the last search was refused (the table says so instead of "No instances"). */
    public boolean isInvalid() {
        return invalid;
    }

    public List<InstanceStatus> getStatuses() {
        return List.of(InstanceStatus.values());
    }

    /** The license types of the pool, for the type drop-down. */
    public List<String> getLicenseTypes() {
        return licenseTypes;
    }

    public InstanceLazyModel getInstances() {
        return instances;
    }

    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = query;
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
