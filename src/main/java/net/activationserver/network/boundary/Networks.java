package net.activationserver.network.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Query;
import net.activationserver.activation.boundary.Deregistrations;
import net.activationserver.activation.entity.Instance;
import net.activationserver.activation.entity.StaleFlag;
import net.activationserver.network.entity.Mac;
import net.activationserver.server.entity.InvalidRequestException;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.server.entity.Actor;
import net.activationserver.network.control.AccessPasswords;
import net.activationserver.network.control.DefaultNetwork;
import net.activationserver.network.control.PasswordCipher;
import net.activationserver.network.entity.Access;
import net.activationserver.network.entity.Appliance;
import net.activationserver.network.entity.Network;
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
 * The networks facade, the transaction boundary of "All Networks": networks, the appliances in them (licensed here,
 * or added by hand), their access settings, and removing them (a licensed one is deregistered through
 * {@link Deregistrations}). Appliances are keyed {@code instance:ID} (licensed here) or {@code appliance:ID} (added by hand).
 */
@Stateless
public class Networks {

    public static final int PASSWORD_MAX = 128;
    private static final String INSTANCE = "instance:";
    private static final String APPLIANCE = "appliance:";
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
    Deregistrations deregistrations;

    /** The networks, the default one first, then by name, each with its number of appliances. */
    public List<NetworkView> networks() {
        Map<Long, Long> counts = new HashMap<>();
        for (Object[] row : em.createQuery("SELECT i.networkId, COUNT(i) FROM Instance i WHERE i.networkId IS NOT NULL GROUP BY i.networkId",
                Object[].class).getResultList()) {
            counts.merge((Long) row[0], (Long) row[1], Long::sum);
        }
        for (Object[] row : em.createQuery("SELECT a.networkId, COUNT(a) FROM Appliance a GROUP BY a.networkId", Object[].class).getResultList()) {
            counts.merge((Long) row[0], (Long) row[1], Long::sum);
        }
        return em.createQuery("SELECT n FROM Network n ORDER BY n.isDefault DESC, n.name", Network.class).getResultList().stream()
                .map(n -> new NetworkView(n.id(), n.name(), n.isDefault(), counts.getOrDefault(n.id(), 0L))).toList();
    }

    public long defaultNetworkId() {
        return defaultNetwork.id();
    }

    /** Whether access passwords can be stored: only with {@code asl.console.secret-key} set (or in the demo profile). */
    public boolean storesPasswords() {
        return passwords.cipher().isPresent();
    }

    public NetworkView create(String name, Actor by) {
        String valid = Network.validName(name);
        requireFreeName(valid, null);
        Network network = new Network(valid, now());
        em.persist(network);
        flushUnique(valid);
        audit.record(now(), by, null, "Network " + valid + " created by " + by.name());
        LOG.info(() -> "Network " + valid + " created by " + by.name());
        return new NetworkView(network.id(), network.name(), false, 0);
    }

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
        return new NetworkView(network.id(), network.name(), network.isDefault(), 0);
    }

    /**
     * Deletes a network; its appliances move to the default network, which itself cannot be deleted.
     * @return how many appliances moved
     */
    public int delete(long id, Actor by) {
        Network network = lock(id, LockModeType.PESSIMISTIC_WRITE);
        network.requireDeletable();
        Network target = lock(defaultNetwork.id(), LockModeType.PESSIMISTIC_READ);
        int moved = em.createQuery("UPDATE Instance i SET i.networkId = :to WHERE i.networkId = :from")
                .setParameter("to", target.id()).setParameter("from", id).executeUpdate()
                + em.createQuery("UPDATE Appliance a SET a.networkId = :to WHERE a.networkId = :from")
                .setParameter("to", target.id()).setParameter("from", id).executeUpdate();
        em.remove(network);
        audit.record(now(), by, null, "Network " + network.name() + " deleted by " + by.name() + "; its " + moved
                + " appliance(s) moved to network " + target.name());
        LOG.info(() -> "Network " + network.name() + " deleted by " + by.name() + ", " + moved + " appliance(s) moved to " + target.name());
        return moved;
    }

    /**
     * One page of a network's appliances by name (host name, else MAC, for licensed ones), optionally only those whose
     * MAC is the one searched or whose name starts with the text searched.
     */
    public List<ApplianceView> appliances(long networkId, String search, int first, int limit) {
        Search s = Search.of(search);
        Query query = em.createNativeQuery("SELECT kind, id, name, mac, status, license_type, address, port, password, network_id FROM ("
                + "SELECT 'LICENSED' AS kind, i.id AS id, COALESCE(i.hostname, i.mac) AS name, i.mac AS mac,"
                + " " + StaleFlag.shownStatus("i") + " AS status,"
                + " i.license_type AS license_type, i.access_address AS address, i.access_port AS port, i.access_password AS password,"
                + " i.network_id AS network_id FROM instance i WHERE i.network_id = :network" + s.where("i.hostname", "i.mac")
                + " UNION ALL SELECT 'ADDED', a.id, a.name, a.mac, NULL, NULL, a.access_address, a.access_port, a.access_password,"
                + " a.network_id FROM appliance a WHERE a.network_id = :network" + s.where("a.name", "a.mac")
                + ") m ORDER BY name, mac, id LIMIT :limit OFFSET :first");
        s.bind(query.setParameter("network", networkId)).setParameter("limit", limit).setParameter("first", first);
        List<ApplianceView> page = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] r = (Object[]) row;
            String kind = (String) r[0];
            page.add(new ApplianceView((ApplianceView.LICENSED.equals(kind) ? INSTANCE : APPLIANCE) + r[1], kind, (String) r[1], (String) r[2],
                    (String) r[3], (String) r[4], (String) r[5], (String) r[6], r[7] == null ? null : ((Number) r[7]).intValue(),
                    passwords.state((String) r[8]), ((Number) r[9]).longValue()));
        }
        return page;
    }

    /** How many appliances {@link #appliances} pages through. */
    public long countAppliances(long networkId, String search) {
        Search s = Search.of(search);
        Query query = em.createNativeQuery("SELECT (SELECT COUNT(*) FROM instance i WHERE i.network_id = :network" + s.where("i.hostname", "i.mac")
                + ") + (SELECT COUNT(*) FROM appliance a WHERE a.network_id = :network" + s.where("a.name", "a.mac") + ")");
        return ((Number) s.bind(query.setParameter("network", networkId)).getSingleResult()).longValue();
    }

    /** One appliance by key, as long as it is in a network. */
    public ApplianceView appliance(String key) {
        if (key != null && key.startsWith(INSTANCE)) {
            Instance instance = em.find(Instance.class, key.substring(INSTANCE.length()));
            if (instance == null || instance.networkId() == null) {
                throw new UnknownApplianceException(key);
            }
            return view(instance);
        }
        return view(findAdded(key, LockModeType.NONE));
    }

    /** What the admin changes on an appliance ("Edit LoadMaster"); a null or empty password keeps the stored one. */
    public record AccessChange(Long networkId, String address, Integer port, String password, boolean forgetPassword) {
    }

    public ApplianceView changeAccess(String key, AccessChange change, Actor by) {
        Access access = new Access(change.address(), change.port());
        Optional<String> password = newPassword(change.password());
        Network target = change.networkId() == null ? null : lock(change.networkId(), LockModeType.PESSIMISTIC_READ);
        String passwordChange = password.isPresent() ? "password changed" : change.forgetPassword() ? "password removed" : "password unchanged";
        if (key != null && key.startsWith(INSTANCE)) {
            String id = key.substring(INSTANCE.length());
            Instance instance = em.find(Instance.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (instance == null || instance.networkId() == null) {
                throw new UnknownApplianceException(key);
            }
            instance.changeAccess(access.address(), access.port());
            if (password.isPresent()) {
                instance.changeSealedAccessPassword(seal(password.get(), key));
            } else if (change.forgetPassword()) {
                instance.changeSealedAccessPassword(null);
            }
            if (target != null) {
                instance.moveTo(target.id());
            }
            ApplianceView view = view(instance);
            audited(by, id, view, passwordChange);
            return view;
        }
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
        audited(by, null, view, passwordChange);
        return view;
    }

    /** An appliance licensed elsewhere, added by hand: name, MAC (optional), address and port, optionally a password. */
    public record NewAppliance(String name, String mac, String address, Integer port, String password) {
    }

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

    /**
     * Removes an appliance from its network. One licensed here is deregistered (seat freed, 410 at its next heartbeat),
     * which also takes it off every network; one added by hand is deleted.
     * @return what happened, for the page
     */
    public String remove(String key, Actor by) {
        ApplianceView appliance = appliance(key);
        if (appliance.licensed()) {
            deregistrations.deregister(appliance.id(), by);
            return "Appliance " + appliance.name() + " (MAC " + appliance.mac() + ") deregistered: its " + appliance.licenseType()
                    + " seat is free, the appliance gets 410 at its next heartbeat.";
        }
        Appliance added = findAdded(key, LockModeType.PESSIMISTIC_WRITE);
        String network = em.find(Network.class, added.networkId()).name();
        em.remove(added);
        audit.record(now(), by, null, "Appliance " + added.name() + " (added by hand) removed from network " + network + " by " + by.name());
        LOG.info(() -> "Appliance " + added.name() + " removed from network " + network + " by " + by.name());
        return "Appliance " + added.name() + " removed from network " + network + ".";
    }

    private void audited(Actor by, String instanceId, ApplianceView view, String passwordChange) {
        String network = em.find(Network.class, view.networkId()).name();
        audit.record(now(), by, instanceId, "Access to appliance " + view.name() + (view.mac() == null ? "" : " (MAC " + view.mac() + ")")
                + " set by " + by.name() + ": address " + shown(view.address()) + ", port " + shown(view.port()) + ", " + passwordChange
                + ", network " + network);
        LOG.info(() -> "Access to appliance " + view.name() + " changed by " + by.name() + " (" + passwordChange + ")");
    }

    private Optional<String> newPassword(String password) {
        if (password == null || password.isEmpty()) {
            return Optional.empty();
        }
        if (password.length() > PASSWORD_MAX || password.chars().anyMatch(Character::isISOControl)) {
            throw InvalidRequestException.field("password", "must be 1 to " + PASSWORD_MAX + " characters");
        }
        if (passwords.cipher().isEmpty()) {
            throw InvalidRequestException.field("password", "cannot be stored: the server has no " + AslConfig.CONSOLE_SECRET_KEY + " ("
                    + AslConfig.envName(AslConfig.CONSOLE_SECRET_KEY) + ") to encrypt it with; leave it empty to save address and port");
        }
        return Optional.of(password);
    }

    private String seal(String password, String key) {
        PasswordCipher cipher = passwords.cipher().orElseThrow();
        return cipher.seal(password, key);
    }

    private ApplianceView view(Instance i) {
        return new ApplianceView(INSTANCE + i.id(), ApplianceView.LICENSED, i.id(), i.hostname() == null ? i.mac() : i.hostname(), i.mac(),
                i.status().name(), i.licenseType(), i.accessAddress(), i.accessPort(), passwords.state(i.sealedAccessPassword()), i.networkId());
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

    /** The search of a network's appliances: an exact MAC, or the start of a name. */
    private record Search(String mac, String namePrefix) {

        static Search of(String text) {
            if (text == null || text.isBlank()) {
                return new Search(null, null);
            }
            String stripped = text.strip();
            return Mac.parse(stripped).map(m -> new Search(m.value(), null))
                    .orElseGet(() -> new Search(null, stripped.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"));
        }

        String where(String nameColumn, String macColumn) {
            if (mac != null) {
                return " AND " + macColumn + " = :search";
            }
            return namePrefix != null ? " AND " + nameColumn + " LIKE :search" : "";
        }

        Query bind(Query query) {
            if (mac != null) {
                query.setParameter("search", mac);
            } else if (namePrefix != null) {
                query.setParameter("search", namePrefix);
            }
            return query;
        }
    }
}
