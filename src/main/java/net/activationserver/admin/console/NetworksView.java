package net.activationserver.admin.console;

import jakarta.ejb.EJBAccessException;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import net.activationserver.server.entity.AslException;
import net.activationserver.activation.boundary.AllNetworks;
import net.activationserver.network.boundary.ApplianceView;
import net.activationserver.network.boundary.NetworkView;
import net.activationserver.network.boundary.Networks;
import net.activationserver.network.boundary.Networks.AccessChange;

import java.io.Serializable;
import java.util.List;

/**
 * All Networks: create, rename and delete networks; a network's appliances (blue: licensed here, green: added by hand,
 * amber: STALE); edit an appliance's access (Edit LoadMaster), add one licensed elsewhere, remove one (a licensed one
 * is deregistered). Passwords go to the facade and are forgotten here at once; the page only shows whether one is set.
 */
@Named
@ViewScoped
public class NetworksView implements Serializable {

    @Inject
    Networks networks;

    @Inject
    AllNetworks allNetworks;

    @Inject
    ConsoleUser user;

    private boolean mayChange;
    private List<NetworkView> all;
    private long networkId;
    private ApplianceLazyModel appliances;
    private ApplianceView selected;
    private String search;

    private String newName;
    private String renameTo;

    private Long editNetwork;
    private String address;
    private Integer port;
    private String password;
    private boolean forgetPassword;

    private final NewApplianceForm adding = new NewApplianceForm();

    @PostConstruct
    void init() {
        mayChange = user.isAdmin();
        appliances = new ApplianceLazyModel(allNetworks);
        reload();
        open(networks.defaultNetworkId());
    }

    void refresh() {
        reload();
    }

    private void reload() {
        all = allNetworks.networks();
        if (all.stream().noneMatch(n -> n.id() == networkId)) {
            networkId = networks.defaultNetworkId();
        }
    }

    /** Shows the appliances of one network. */
    public void open(long id) {
        networkId = all.stream().anyMatch(n -> n.id() == id) ? id : networks.defaultNetworkId();
        selected = null;
        search = null;
        appliances.show(networkId, null);
        renameTo = getCurrent().name();
    }

    public void find() {
        selected = null;
        appliances.show(networkId, search);
    }

    public void create() {
        try {
            NetworkView created = networks.create(newName, user.actor());
            Messages.info("Network " + created.name() + " created.");
            newName = null;
            reload();
            open(created.id());
        } catch (EJBAccessException denied) {
            user.refused();
        } catch (AslException e) {
            refused(e, "create");
        }
    }

    public void rename() {
        try {
            String old = getCurrent().name();
            NetworkView renamed = networks.rename(networkId, renameTo, user.actor());
            Messages.info("Network " + old + " renamed to " + renamed.name() + ".");
            reload();
        } catch (EJBAccessException denied) {
            user.refused();
        } catch (AslException e) {
            refused(e, "network");
        }
    }

    public void delete() {
        try {
            String name = getCurrent().name();
            int moved = networks.delete(networkId, user.actor());
            reload();
            open(networks.defaultNetworkId());
            Messages.info("Network " + name + " deleted; " + moved + " appliance(s) moved to network " + getCurrent().name() + ".");
        } catch (EJBAccessException denied) {
            user.refused();
        } catch (AslException e) {
            Messages.error(e.getMessage());
            reload();
        }
    }

    /** Fills the Edit dialog from the selected appliance; the password field always starts empty. */
    public void startEdit() {
        if (!applianceSelected()) {
            return;
        }
        editNetwork = selected.networkId();
        address = selected.address();
        port = selected.port();
        password = null;
        forgetPassword = false;
    }

    /** Save LoadMaster: address, port, network and (when typed) a new password, which is encrypted and never shown again. */
    public void save() {
        if (!applianceSelected()) {
            return;
        }
        submit("edit", () -> {
            selected = allNetworks.changeAccess(selected.key(), new AccessChange(editNetwork, address, port, password, forgetPassword), user.actor());
            Messages.info("Appliance " + selected.name() + " saved: address " + shown(selected.address()) + ", port " + shown(selected.port())
                    + ", password " + selected.password() + ".");
            reload();
            if (selected.networkId() != networkId) {
                selected = null;
            }
        }, () -> password = null);
    }

    public void startAdd() {
        adding.clear();
    }

    /** Adds an appliance licensed elsewhere (no seat) to the network shown. */
    public void add() {
        submit("add", () -> {
            ApplianceView added = allNetworks.add(networkId, adding.toRequest(), user.actor());
            Messages.info("Appliance " + added.name() + " added to network " + getCurrent().name() + " (licensed elsewhere).");
            reload();
            selected = added;
        }, adding::forgetPassword);
    }

    /** The minus button, after Yes: a licensed appliance is deregistered, one added by hand is removed. */
    public void remove() {
        if (!applianceSelected()) {
            return;
        }
        try {
            Messages.info(allNetworks.remove(selected.key(), user.actor()));
        } catch (EJBAccessException denied) {
            user.refused();
        } catch (AslException e) {
            Messages.error(e.getMessage());
        }
        selected = null;
        reload();
    }

    /** The confirmation text of the minus button for the selected appliance. */
    public String getRemoveMessage() {
        if (selected == null) {
            return "";
        }
        if (selected.licensed()) {
            return selected.name() + " (MAC " + selected.mac() + ") gives up its " + selected.licenseType()
                    + " seat, stops working at its next heartbeat and goes back to its activation screen.";
        }
        return selected.name() + " leaves network " + getCurrent().name() + ". It is licensed elsewhere; its license is not touched.";
    }

    /** The verb of the minus button's confirmation, its title and its button alike: Deregister (licensed here) or Remove. */
    public String getRemoveVerb() {
        return selected != null && selected.licensed() ? "Deregister" : "Remove";
    }

    /** Whether an appliance is selected; if not, says so. */
    private boolean applianceSelected() {
        if (selected == null) {
            Messages.error("Select an appliance first.");
            return false;
        }
        return true;
    }

    /**
     * Sends a dialog's address, port and password to the facade: what it refuses goes on that form's inputs
     * ({@link #refused}), and the typed password is forgotten here whatever happened.
     */
    private void submit(String form, Runnable send, Runnable forgetPassword) {
        try {
            send.run();
        } catch (EJBAccessException denied) {
            user.refused();
        } catch (AslException e) {
            refused(e, form);
        } finally {
            forgetPassword.run();
        }
    }

    /** Bad input: the facade's field errors on their inputs in that form, anything else in the growl; nothing was saved. */
    private static void refused(AslException e, String form) {
        if (e.errors().isEmpty()) {
            Messages.error(e.getMessage());
            jakarta.faces.context.FacesContext.getCurrentInstance().validationFailed();
            return;
        }
        for (AslException.FieldError error : e.errors()) {
            Messages.field(form + ":" + error.field(), error.message());
        }
    }

    private static String shown(Object value) {
        return value == null ? "(none)" : value.toString();
    }

    /**
     * Whether this page shows change controls: the role when the page was opened. Every change checks the role again
     * on the server (the facades allow changes to admins only), so a page still open after its account became a viewer is refused.
     */
    public boolean isMayChange() {
        return mayChange;
    }

    public boolean isStoresPasswords() {
        return networks.storesPasswords();
    }

    public List<NetworkView> getNetworks() {
        return all;
    }

    public NetworkView getCurrent() {
        return all.stream().filter(n -> n.id() == networkId).findFirst().orElse(all.get(0));
    }

    public long getNetworkId() {
        return networkId;
    }

    public ApplianceLazyModel getAppliances() {
        return appliances;
    }

    public ApplianceView getSelected() {
        return selected;
    }

    public void setSelected(ApplianceView selected) {
        this.selected = selected;
    }

    public String getSearch() {
        return search;
    }

    public void setSearch(String search) {
        this.search = search;
    }

    public String getNewName() {
        return newName;
    }

    public void setNewName(String newName) {
        this.newName = newName;
    }

    public String getRenameTo() {
        return renameTo;
    }

    public void setRenameTo(String renameTo) {
        this.renameTo = renameTo;
    }

    public Long getEditNetwork() {
        return editNetwork;
    }

    public void setEditNetwork(Long editNetwork) {
        this.editNetwork = editNetwork;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    /** Always empty: a stored password is never sent back to the page. */
    public String getPassword() {
        return null;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public boolean isForgetPassword() {
        return forgetPassword;
    }

    public void setForgetPassword(boolean forgetPassword) {
        this.forgetPassword = forgetPassword;
    }

    public NewApplianceForm getAdding() {
        return adding;
    }
}
