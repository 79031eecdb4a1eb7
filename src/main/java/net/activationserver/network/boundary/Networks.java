package net.activationserver.network.boundary;

import java.time.Duration;
import net.activationserver.network.control.NetworkReleases;
import net.activationserver.server.entity.Words;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import net.activationserver.server.entity.Roles;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Query;
import jakarta.enterprise.event.Event;
import net.activationserver.server.entity.InvalidRequestException;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.server.entity.Actor;
import net.activationserver.network.control.AccessPasswords;
import net.activationserver.network.control.DefaultNetwork;
import net.activationserver.server.control.SecretCipher;
import net.activationserver.network.entity.Access;
import net.activationserver.network.entity.Appliance;
import net.activationserver.network.entity.ApplianceSearch;
import net.activationserver.network.entity.Mac;
import net.activationserver.network.entity.Network;
import net.activationserver.network.entity.NetworkDeleted;
import net.activationserver.server.control.AslConfig;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The networks facade: the networks, and the appliances added to them by hand (licensed elsewhere) with their access
 * settings. The appliances licensed here are activation's instances; "All Networks" shows both kinds
 * ({@code activation.boundary.AllNetworks}). Appliances added by hand are keyed {@code appliance:ID}.
 */
@Stateless
@PermitAll
public class Networks {

    public static final int PASSWORD_MAX = 128;
    public static final String APPLIANCE = "appliance:";
    private static final Logger LOG = Logger.getLogger(Networks.class.getName());

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    DefaultNetwork defaultNetwork;

    @Inject
    AccessPasswords passwords;

    @Inject
    AuditLog audit;

    @Inject
    Event<NetworkDeleted> deleted;

    @Inject
    NetworkReleases releases;

    /** The networks, the default one first, then by name, each with its number of appliances added by hand. */
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public List<NetworkView> networks() {
        Map<Long, Long> counts = new HashMap<>();
        for (Object[] row : em.createQuery("SELECT a.networkId, COUNT(a) FROM Appliance a GROUP BY a.networkId", Object[].class).getResultList()) {
            counts.merge((Long) row[0], (Long) row[1], Long::sum);
        }
        return em.createQuery("SELECT n FROM Network n ORDER BY n.isDefault DESC, n.name", Network.class).getResultList().stream()
                .map(n -> view(n, counts.getOrDefault(n.id(), 0L))).toList();
    }

    public long defaultNetworkId() {
        return defaultNetwork.id();
    }

    /** Whether access passwords can be stored: always, since a server runs only with its secrets key. */
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public boolean storesPasswords() {
        return passwords.cipher().isPresent();
    }

    @RolesAllowed(Roles.ADMIN)
    public NetworkView create(String name, Actor by) {
        String valid = Network.validName(name);
        requireFreeName(valid, null);
        Network network = new Network(valid, now());
        em.persist(network);
        flushUnique(valid);
        audit.record(now(), by, null, "Network " + valid + " created by " + by.name());
        LOG.info(() -> "Network " + valid + " created by " + by.name());
        return view(network, 0);
    }

    @RolesAllowed(Roles.ADMIN)
    public NetworkView rename(long id, String name, Actor by) {
        String valid = Network.validName(name);
        Network network = lock(id, LockModeType.PESSIMISTIC_WRITE);
        String old = network.name();
        if (!old.equals(valid)) {
            requireFreeName(valid, id);
            network.rename(valid);
            flushUnique(valid);
            audit.record(now(), by, null, "Network " + old + " renamed to " + valid + " by " + by.name());
            LOG.info(() -> "Network " + old + " renamed to " + valid + " by " + by.name());
        }
        return view(network, 0);
    }

    /**
     * How soon the seats of this network's appliances are released after they fall silent (null: the server's
     * {@code asl.seat.release-after}); shorter than the server's setting only, and leases are shortened to match.
     */
    @RolesAllowed(Roles.ADMIN)
    public NetworkView releaseAfter(long id, Duration releaseAfter, Actor by) {
        Network network = lock(id, LockModeType.PESSIMISTIC_WRITE);
        network.releaseAfter(releaseAfter);
        releases.changed();
        audit.record(now(), by, null, "Network " + network.name() + ": seats released after " + (releaseAfter == null
                ? "the server's setting" : Words.duration(releaseAfter)) + " without a heartbeat, set by " + by.name());
        return view(network, 0);
    }

    private static NetworkView view(Network n, long appliances) {
        return new NetworkView(n.id(), n.name(), n.isDefault(), appliances, n.releaseAfter().map(Duration::toString).orElse(null));
    }

    /**
     * Deletes a network; its appliances move to the default network, which itself cannot be deleted.
     * @return how many appliances moved
     */
    @RolesAllowed(Roles.ADMIN)
    public int delete(long id, Actor by) {
        Network network = lock(id, LockModeType.PESSIMISTIC_WRITE);
        network.requireDeletable();
        Network target = lock(defaultNetwork.id(), LockModeType.PESSIMISTIC_READ);
        NetworkDeleted deleting = new NetworkDeleted(id, target.id());
        deleted.fire(deleting); // the appliances licensed here move with activation's instances
        int moved = deleting.moved() + em.createQuery("UPDATE Appliance a SET a.networkId = :to, a.version = a.version + 1 WHERE a.networkId = :from")
                .setParameter("to", target.id()).setParameter("from", id).executeUpdate();
        em.remove(network);
        audit.record(now(), by, null, "Network " + network.name() + " deleted by " + by.name() + "; its " + moved
                + " appliance(s) moved to network " + target.name());
        LOG.info(() -> "Network " + network.name() + " deleted by " + by.name() + ", " + moved + " appliance(s) moved to " + target.name());
        return moved;
    }

    /** One page of a network's appliances added by hand, by name, then MAC and id; optionally only those searched. */
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public List<ApplianceView> added(long networkId, ApplianceSearch search, int first, int limit) {
        Query query = em.createNativeQuery("SELECT a.id, a.name, a.mac, a.access_address, a.access_port, a.access_password, a.network_id"
                + " FROM appliance a WHERE a.network_id = :network" + search.where("a.name", "a.mac")
                + " ORDER BY a.name, a.mac, a.id LIMIT :limit OFFSET :first");
        search.bind(query.setParameter("network", networkId)).setParameter("limit", limit).setParameter("first", first);
        List<ApplianceView> page = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] r = (Object[]) row;
            page.add(new ApplianceView(APPLIANCE + r[0], ApplianceView.ADDED, (String) r[0], (String) r[1], (String) r[2], null, null,
                    (String) r[3], r[4] == null ? null : ((Number) r[4]).intValue(), passwords.state((String) r[5]), ((Number) r[6]).longValue()));
        }
        return page;
    }

    /** How many appliances added by hand {@link #added(long, ApplianceSearch, int, int)} pages through. */
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public long countAdded(long networkId, ApplianceSearch search) {
        Query query = em.createNativeQuery("SELECT COUNT(*) FROM appliance a WHERE a.network_id = :network" + search.where("a.name", "a.mac"));
        return ((Number) search.bind(query.setParameter("network", networkId)).getSingleResult()).longValue();
    }

    /** One appliance added by hand, by key. */
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public ApplianceView added(String key) {
        return view(findAdded(key, LockModeType.NONE));
    }

    /** What the admin changes on an appliance ("Edit LoadMaster"); a null or empty password keeps the stored one. */
    public record AccessChange(Long networkId, String address, Integer port, String password, boolean forgetPassword) {
    }

    /** Changes an appliance added by hand: its address, port, password and network. */
    @RolesAllowed(Roles.ADMIN)
    public ApplianceView changeAccess(String key, AccessChange change, Actor by) {
        Access access = new Access(change.address(), change.port());
        Optional<String> password = newPassword(change.password());
        Network target = change.networkId() == null ? null : network(change.networkId());
        Appliance appliance = findAdded(key, LockModeType.PESSIMISTIC_WRITE);
        appliance.changeAccess(access);
        if (password.isPresent()) {
            appliance.changeSealedPassword(seal(password.get(), key));
        } else if (change.forgetPassword()) {
            appliance.changeSealedPassword(null);
        }
        if (target != null) {
            appliance.moveTo(target.id());
        }
        ApplianceView view = view(appliance);
        accessChanged(by, null, view, passwordChange(password, change));
        return view;
    }

    /** How an access change treated the stored password, for its audit line. */
    public static String passwordChange(Optional<String> password, AccessChange change) {
        return password.isPresent() ? "password changed" : change.forgetPassword() ? "password removed" : "password unchanged";
    }

    /** An appliance licensed elsewhere, added by hand: name, MAC (optional), address and port, optionally a password. */
    public record NewAppliance(String name, String mac, String address, Integer port, String password) {
    }

    @RolesAllowed(Roles.ADMIN)
    public ApplianceView add(long networkId, NewAppliance added, Actor by) {
        Network network = lock(networkId, LockModeType.PESSIMISTIC_READ);
        Mac mac = null;
        if (added.mac() != null && !added.mac().isBlank()) {
            mac = Mac.parse(added.mac().strip()).orElseThrow(() -> InvalidRequestException.field("mac", "must be six hex octets such as 00:50:56:AB:CD:EF"));
        }
        Optional<String> password = newPassword(added.password());
        Appliance appliance = new Appliance(network.id(), added.name(), mac, new Access(added.address(), added.port()), now());
        password.ifPresent(p -> appliance.changeSealedPassword(seal(p, APPLIANCE + appliance.id())));
        em.persist(appliance);
        audit.record(now(), by, null, "Appliance " + appliance.name() + (mac == null ? "" : " (MAC " + mac.value() + ")") + " at "
                + appliance.accessAddress() + ":" + appliance.accessPort() + " added to network " + network.name() + " by " + by.name()
                + " (licensed elsewhere)");
        LOG.info(() -> "Appliance " + appliance.name() + " added to network " + network.name() + " by " + by.name());
        return view(appliance);
    }

    /** Removes an appliance added by hand from its network. @return what happened, for the page */
    @RolesAllowed(Roles.ADMIN)
    public String remove(String key, Actor by) {
        Appliance added = findAdded(key, LockModeType.PESSIMISTIC_WRITE);
        String network = em.find(Network.class, added.networkId()).name();
        em.remove(added);
        audit.record(now(), by, null, "Appliance " + added.name() + " (added by hand) removed from network " + network + " by " + by.name());
        LOG.info(() -> "Appliance " + added.name() + " removed from network " + network + " by " + by.name());
        return "Appliance " + added.name() + " removed from network " + network + ".";
    }

    /** The audit line of an appliance's changed access (licensed here, with its instance id, or added by hand). */
    @RolesAllowed(Roles.ADMIN)
    public void accessChanged(Actor by, String instanceId, ApplianceView view, String passwordChange) {
        String network = em.find(Network.class, view.networkId()).name();
        audit.record(now(), by, instanceId, "Access to appliance " + view.name() + (view.mac() == null ? "" : " (MAC " + view.mac() + ")")
                + " set by " + by.name() + ": address " + shown(view.address()) + ", port " + shown(view.port()) + ", " + passwordChange
                + ", network " + network);
        LOG.info(() -> "Access to appliance " + view.name() + " changed by " + by.name() + " (" + passwordChange + ")");
    }

    /** A new access password, checked; empty when none was entered (the stored one stays). */
    @RolesAllowed(Roles.ADMIN)
    public Optional<String> newPassword(String password) {
        if (password == null || password.isEmpty()) {
            return Optional.empty();
        }
        if (password.length() > PASSWORD_MAX || password.chars().anyMatch(Character::isISOControl)) {
            throw InvalidRequestException.field("password", "must be 1 to " + PASSWORD_MAX + " characters");
        }
        if (passwords.cipher().isEmpty()) {
            throw InvalidRequestException.field("password", "cannot be stored: the server has no " + AslConfig.SECRETS_KEY + " ("
                    + AslConfig.envName(AslConfig.SECRETS_KEY) + ") to encrypt it with; leave it empty to save address and port");
        }
        return Optional.of(password);
    }

    /** Encrypts an access password for the appliance with this key ({@link AccessPasswords}). */
    @RolesAllowed(Roles.ADMIN)
    public String seal(String password, String key) {
        SecretCipher cipher = passwords.cipher().orElseThrow();
        return cipher.seal(password, key);
    }

    private ApplianceView view(Appliance a) {
        return new ApplianceView(APPLIANCE + a.id(), ApplianceView.ADDED, a.id(), a.name(), a.mac(), null, null, a.accessAddress(),
                a.accessPort(), passwords.state(a.sealedPassword()), a.networkId());
    }

    private Appliance findAdded(String key, LockModeType lock) {
        if (key == null || !key.startsWith(APPLIANCE)) {
            throw new UnknownApplianceException(key);
        }
        Appliance appliance = em.find(Appliance.class, key.substring(APPLIANCE.length()), lock);
        if (appliance == null) {
            throw new UnknownApplianceException(key);
        }
        return appliance;
    }

    /** The network an appliance moves to, locked against its deletion until the move commits. */
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public Network network(long id) {
        return lock(id, LockModeType.PESSIMISTIC_READ);
    }

    /** How a stored password is shown ({@link AccessPasswords#state}). */
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    public String passwordState(String sealed) {
        return passwords.state(sealed);
    }

    private Network lock(long id, LockModeType lock) {
        Network network = em.find(Network.class, id, lock);
        if (network == null) {
            throw new UnknownNetworkException(id);
        }
        return network;
    }

    private void requireFreeName(String name, Long except) {
        Long taken = em.createQuery("SELECT COUNT(n) FROM Network n WHERE LOWER(n.name) = LOWER(:name) AND n.id <> :except", Long.class)
                .setParameter("name", name).setParameter("except", except == null ? -1L : except).getSingleResult();
        if (taken > 0) {
            throw new NetworkNameTakenException(name);
        }
    }

    private void flushUnique(String name) {
        try {
            em.flush();
        } catch (PersistenceException sameNameAtOnce) {
            throw new NetworkNameTakenException(name);
        }
    }

    private static String shown(Object value) {
        return value == null ? "(none)" : value.toString();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
