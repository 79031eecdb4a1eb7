package net.activationserver.activation.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import net.activationserver.server.entity.Roles;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import net.activationserver.activation.control.InstanceNetworks;
import net.activationserver.activation.entity.Instance;
import net.activationserver.activation.entity.SweepMark;
import net.activationserver.network.boundary.ApplianceView;
import net.activationserver.network.boundary.NetworkView;
import net.activationserver.network.boundary.Networks;
import net.activationserver.network.boundary.Networks.AccessChange;
import net.activationserver.network.boundary.UnknownApplianceException;
import net.activationserver.network.entity.Access;
import net.activationserver.network.entity.ApplianceSearch;
import net.activationserver.network.entity.Network;
import net.activationserver.server.entity.Actor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "All Networks", the console's page of networks and the appliances in them: those licensed here (instances, keyed
 * {@code instance:ID}) beside those added by hand (the network component's, keyed {@code appliance:ID}). Each kind is
 * read and changed by its owner; this facade puts them side by side and changes a licensed one's network and access.
 */
@Stateless
@PermitAll
public class AllNetworks {

    public static final String INSTANCE = "instance:";
    /** The page order of both kinds: by name (as MariaDB's default collation compares, case-insensitively), MAC, id. */
    private static final Comparator<ApplianceView> ORDER = Comparator.comparing(ApplianceView::name, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(ApplianceView::mac, Comparator.nullsFirst(String.CASE_INSENSITIVE_ORDER))
            .thenComparing(ApplianceView::id);

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    Networks networks;

    @Inject
    InstanceNetworks instanceNetworks;

    @Inject
    Deregistrations deregistrations;

    /**
     * "Add appliance" (one licensed elsewhere, added by hand): refused when its MAC holds a seat here, since that appliance
     * is already in a network as the instance it is (its row would show twice, once blue and once green).
     */
    @RolesAllowed(Roles.ADMIN)
    public ApplianceView add(long networkId, Networks.NewAppliance added, Actor by) {
        if (added.mac() != null && !added.mac().isBlank()) {
            net.activationserver.network.entity.Mac.parse(added.mac().strip()).ifPresent(mac -> {
                List<Instance> holder = em.createQuery("SELECT i FROM Instance i WHERE i.mac = :mac AND " + Instance.HOLDS_SEAT, Instance.class)
                        .setParameter("mac", mac.value()).setMaxResults(1).getResultList();
                if (!holder.isEmpty()) {
                    Instance instance = holder.get(0);
                    throw net.activationserver.server.entity.InvalidRequestException.field("mac", "MAC " + mac.value() + " is already licensed here"
                            + (instance.hostname() == null ? "" : " by " + instance.hostname()) + " (" + instance.licenseType()
                            + "); it is listed as that appliance, so it cannot be added by hand.");
                }
            });
        }
        return networks.add(networkId, added, by);
    }

    /** The networks, the default one first, then by name, each with its number of appliances of both kinds. */
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public List<NetworkView> networks() {
        Map<Long, Long> instances = instanceNetworks.counts();
        return networks.networks().stream()
                .map(n -> new NetworkView(n.id(), n.name(), n.isDefault(), n.appliances() + instances.getOrDefault(n.id(), 0L), n.releaseAfter()))
                .toList();
    }

    /**
     * One page of a network's appliances of both kinds, by name (host name, else MAC, for licensed ones), optionally only
     * those whose MAC is the one searched or whose name starts with the text searched: the first {@code first + limit} of
     * each kind, merged.
     */
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public List<ApplianceView> appliances(long networkId, String search, int first, int limit) {
        ApplianceSearch s = ApplianceSearch.of(search);
        return page(licensed(networkId, s, first + limit), networks.added(networkId, s, 0, first + limit), first, limit);
    }

    /**
     * The page {@code [first, first + limit)} of both kinds in one order, from the first {@code first + limit} of each
     * (each in that order): no appliance beyond those can be on the page.
     */
    static List<ApplianceView> page(List<ApplianceView> licensed, List<ApplianceView> added, int first, int limit) {
        List<ApplianceView> both = new ArrayList<>(licensed);
        both.addAll(added);
        both.sort(ORDER);
        return List.copyOf(both.subList(Math.min(first, both.size()), Math.min(first + limit, both.size())));
    }

    /** How many appliances {@link #appliances} pages through. */
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public long countAppliances(long networkId, String search) {
        ApplianceSearch s = ApplianceSearch.of(search);
        Query query = em.createNativeQuery("SELECT COUNT(*) FROM instance i WHERE i.network_id = :network" + s.where("i.hostname", "i.mac"));
        return ((Number) s.bind(query.setParameter("network", networkId)).getSingleResult()).longValue() + networks.countAdded(networkId, s);
    }

    /** One appliance by key, as long as it is in a network. */
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public ApplianceView appliance(String key) {
        if (key != null && key.startsWith(INSTANCE)) {
            return view(inNetwork(key, LockModeType.NONE));
        }
        return networks.added(key);
    }

    /** What the admin changes on an appliance ("Edit LoadMaster"); a null or empty password keeps the stored one. */
    @RolesAllowed(Roles.ADMIN)
    public ApplianceView changeAccess(String key, AccessChange change, Actor by) {
        if (key == null || !key.startsWith(INSTANCE)) {
            return networks.changeAccess(key, change, by);
        }
        Access access = new Access(change.address(), change.port());
        Optional<String> password = networks.newPassword(change.password());
        Network target = change.networkId() == null ? null : networks.network(change.networkId());
        Instance instance = inNetwork(key, LockModeType.PESSIMISTIC_WRITE);
        instance.changeAccess(access.address(), access.port());
        if (password.isPresent()) {
            instance.changeSealedAccessPassword(networks.seal(password.get(), key));
        } else if (change.forgetPassword()) {
            instance.changeSealedAccessPassword(null);
        }
        if (target != null) {
            instance.moveTo(target.id());
        }
        ApplianceView view = view(instance);
        networks.accessChanged(by, instance.id(), view, Networks.passwordChange(password, change));
        return view;
    }

    /** Moves a licensed appliance (an instance holding its seat) to another network, access settings unchanged. */
    @RolesAllowed(Roles.ADMIN)
    public ApplianceView move(String instanceId, long networkId, Actor by) {
        Network target = networks.network(networkId);
        Instance instance = inNetwork(INSTANCE + instanceId, LockModeType.PESSIMISTIC_WRITE);
        instance.moveTo(target.id());
        ApplianceView view = view(instance);
        networks.accessChanged(by, instance.id(), view, "unchanged");
        return view;
    }

    /**
     * Removes an appliance from its network. One licensed here is deregistered (seat freed, 410 at its next heartbeat),
     * which also takes it off every network; one added by hand is deleted.
     * @return what happened, for the page
     */
    @RolesAllowed(Roles.ADMIN)
    public String remove(String key, Actor by) {
        if (key == null || !key.startsWith(INSTANCE)) {
            return networks.remove(key, by);
        }
        ApplianceView appliance = appliance(key);
        deregistrations.deregister(appliance.id(), by);
        return "Appliance " + appliance.name() + " (MAC " + appliance.mac() + ") deregistered: its " + appliance.licenseType()
                + " seat is free, the appliance gets 410 at its next heartbeat.";
    }

    private List<ApplianceView> licensed(long networkId, ApplianceSearch search, int limit) {
        Query query = em.createNativeQuery("SELECT i.id, COALESCE(i.hostname, i.mac) AS name, i.mac, " + SweepMark.shownStatus("i")
                + ", i.license_type, i.access_address, i.access_port, i.access_password, i.network_id FROM instance i"
                + " WHERE i.network_id = :network" + search.where("i.hostname", "i.mac") + " ORDER BY name, i.mac, i.id LIMIT :limit");
        search.bind(query.setParameter("network", networkId)).setParameter("limit", limit);
        List<ApplianceView> page = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] r = (Object[]) row;
            page.add(new ApplianceView(INSTANCE + r[0], ApplianceView.LICENSED, (String) r[0], (String) r[1], (String) r[2], (String) r[3],
                    (String) r[4], (String) r[5], r[6] == null ? null : ((Number) r[6]).intValue(), networks.passwordState((String) r[7]),
                    ((Number) r[8]).longValue()));
        }
        return page;
    }

    private Instance inNetwork(String key, LockModeType lock) {
        Instance instance = em.find(Instance.class, key.substring(INSTANCE.length()), lock);
        if (instance == null || instance.networkId() == null) {
            throw new UnknownApplianceException(key);
        }
        return instance;
    }

    private ApplianceView view(Instance i) {
        return new ApplianceView(INSTANCE + i.id(), ApplianceView.LICENSED, i.id(), i.hostname() == null ? i.mac() : i.hostname(), i.mac(),
                i.status().name(), i.licenseType(), i.accessAddress(), i.accessPort(), networks.passwordState(i.sealedAccessPassword()),
                i.networkId());
    }
}
