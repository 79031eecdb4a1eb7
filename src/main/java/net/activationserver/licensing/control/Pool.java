package net.activationserver.licensing.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import net.activationserver.server.entity.AslException;
import net.activationserver.server.entity.ContendedException;
import net.activationserver.licensing.entity.LimitReachedException;
import net.activationserver.licensing.entity.PlatformMismatchException;
import net.activationserver.licensing.entity.TypeExhaustedException;
import net.activationserver.licensing.entity.UnknownLicenseTypeException;
import net.activationserver.licensing.entity.LicenseType;
import net.activationserver.licensing.entity.Platform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The pool as activations see it: which types an appliance may have, and taking and giving back seats.
 * Runs inside the caller's transaction, so a refusal rolls back everything the activation did.
 */
@ApplicationScoped
public class Pool {

    @PersistenceContext(unitName = "asl")
    EntityManager em;

    @Inject
    Seats seats;

    @Inject
    SeatCounts counts;

    /**
     * The type, if it exists and is offered for the platform. Reads the instance limit ('*') in the same query, so the
     * activation that follows finds both in the persistence context and asks the database once.
     */
    public LicenseType offered(String code, Platform platform) {
        Map<String, LicenseType> types = code.equals(LicenseType.INSTANCE_LIMIT) ? Map.of()
                : em.createQuery("SELECT t FROM LicenseType t WHERE t.code IN (:code, :limit)", LicenseType.class)
                        .setParameter("code", code).setParameter("limit", LicenseType.INSTANCE_LIMIT).getResultList().stream()
                        .collect(Collectors.toMap(LicenseType::code, type -> type));
        return offered(types, code, platform);
    }

    /**
     * The license types of the codes that exist, and the instance limit ('*'), by code, in one query: as read, not
     * managed (a batch of activations reads them only, and so leaves no entities to check for changes at its flush).
     */
    public Map<String, LicenseType> types(Collection<String> codes) {
        Set<String> wanted = new TreeSet<>(codes);
        wanted.add(LicenseType.INSTANCE_LIMIT);
        Map<String, LicenseType> types = new HashMap<>();
        for (Object row : em.createNativeQuery("SELECT code, name, platforms, seats FROM license_type WHERE code IN (?1)")
                .setParameter(1, wanted).getResultList()) {
            Object[] cells = (Object[]) row;
            LicenseType type = LicenseType.read((String) cells[0], (String) cells[1], (String) cells[2], ((Number) cells[3]).intValue());
            types.put(type.code(), type);
        }
        return types;
    }

    /** The type among those read ({@link #types}), if it exists and is offered for the platform. */
    public static LicenseType offered(Map<String, LicenseType> types, String code, Platform platform) {
        LicenseType type = code.equals(LicenseType.INSTANCE_LIMIT) ? null : types.get(code);
        if (type == null) {
            throw new UnknownLicenseTypeException("No license type " + code + ".");
        }
        if (!type.platforms().contains(platform)) {
            throw new PlatformMismatchException("License type " + code + " is not offered for platform " + platform
                    + " (offered for " + type.platforms() + ").");
        }
        return type;
    }

    /**
     * The refusal of a claim that found no seat of the pool, or {@link ContendedException} if a free one is held by
     * another claim in flight (which may yet give it up: only a later attempt can tell).
     */
    private AslException refusal(String pool, int capacity, AslException refusal) {
        return seats.contended(pool, capacity, List.of()) ? contended() : refusal;
    }

    private static ContendedException contended() {
        return new ContendedException("Other activations hold the last free seats at this moment; try again.");
    }

    /** What a claim of a batch ({@link #lock}) gets. */
    public enum Answer {
        GRANTED, TYPE_EXHAUSTED, LIMIT_REACHED,
        /**
         * Only a lone claim can tell: the batch took the limit's last locked seat and others may be free, or the seats
         * it lacks are held by other claims in flight, which may yet give them up.
         */
        ALONE
    }

    /** Seats locked for a batch of new instances ({@link #lock}), and what each claim gets, in the order asked. */
    public static final class Grant {
        private final List<LicenseType> asked;
        private final List<Answer> answers;
        private final Map<String, List<Integer>> slots;

        private Grant(List<LicenseType> asked, List<Answer> answers, Map<String, List<Integer>> slots) {
            this.asked = asked;
            this.answers = answers;
            this.slots = slots;
        }

        public Answer answer(int i) {
            return answers.get(i);
        }

        /**
         * @return the refusal of the i-th asked, as a lone activation gets it; for {@link Answer#ALONE}, which a lone
         * activation meets only while other claims hold the seats it needs, {@link ContendedException}
         */
        public AslException refusal(int i) {
            return switch (answers.get(i)) {
                case LIMIT_REACHED -> limitReached();
                case TYPE_EXHAUSTED -> exhausted(asked.get(i));
                case ALONE -> contended();
                case GRANTED -> throw new IllegalStateException("granted");
            };
        }
    }

    /**
     * Locks seats for new instances of the types asked, in that order: per type as many free seats as are asked for,
     * then as many of the global limit as the types granted, so no seat is locked that a batch leaves unused while the
     * limit has room. A lone claim (one asked) always locks a seat of the limit: it must be answered here, and the limit
     * is what it is refused for first. A pool that had fewer free seats to lock than asked is checked for free seats
     * that other claims hold ({@link Seats#contended}): the claims refused for such a pool go alone.
     * Nothing is assigned yet: {@link #take} does it, once the instances exist.
     */
    public Grant lock(List<LicenseType> asked, LicenseType limit) {
        Map<String, List<LicenseType>> perType = asked.stream().collect(Collectors.groupingBy(LicenseType::code, TreeMap::new, Collectors.toList()));
        Map<String, Integer> wanted = new HashMap<>();
        Map<String, Integer> capacities = new HashMap<>();
        perType.forEach((code, ofType) -> {
            wanted.put(code, ofType.size());
            capacities.put(code, ofType.get(0).seats());
        });
        Map<String, List<Integer>> slots = asked.isEmpty() ? new HashMap<>() : new HashMap<>(seats.lockFreeOfEach(wanted, capacities));
        int typeSeats = slots.values().stream().mapToInt(List::size).sum();
        int limitWanted = asked.size() == 1 ? 1 : typeSeats;
        List<Integer> limitSlots = limitWanted == 0 ? List.of() : seats.lockFree(LicenseType.INSTANCE_LIMIT, limit.seats(), limitWanted);
        slots.put(LicenseType.INSTANCE_LIMIT, limitSlots);
        Map<String, Integer> locked = new HashMap<>();
        slots.forEach((code, rows) -> locked.put(code, rows.size()));
        Set<String> contended = new TreeSet<>();
        wanted.forEach((code, count) -> {
            if (locked.get(code) < count && seats.contended(code, capacities.get(code), slots.get(code))) {
                contended.add(code);
            }
        });
        boolean limitShort = limitSlots.size() < limitWanted;
        if (limitShort && seats.contended(LicenseType.INSTANCE_LIMIT, limit.seats(), limitSlots)) {
            contended.add(LicenseType.INSTANCE_LIMIT);
        }
        return new Grant(List.copyOf(asked), answers(asked, locked, limitShort, contended), slots);
    }

    /**
     * What each asked gets, in order, as lone claims one after the other would: a seat of its type and one of the
     * limit while both have one; {@code ASL_TYPE_EXHAUSTED} when its type has none left and the limit has; once the
     * limit's locked seats are used up, {@code ASL_LIMIT_REACHED} if there were no more to lock ({@code limitShort}),
     * else the claim goes alone (more may be free: finding out would lock a seat the batch may not use, keeping it from
     * other claims meanwhile). A claim that would be refused for a pool whose missing seats other claims hold
     * ({@code contended}) goes alone too: they may yet give them up.
     * @param locked seats locked per type, and of the limit ('*')
     * @param contended the pools (types, and '*') that had free seats this batch could not lock
     */
    static List<Answer> answers(List<LicenseType> asked, Map<String, Integer> locked, boolean limitShort, Set<String> contended) {
        Map<String, Integer> left = new HashMap<>(locked);
        List<Answer> answers = new ArrayList<>();
        for (LicenseType type : asked) {
            if (left.getOrDefault(LicenseType.INSTANCE_LIMIT, 0) == 0) {
                answers.add(limitShort && !contended.contains(LicenseType.INSTANCE_LIMIT) ? Answer.LIMIT_REACHED : Answer.ALONE);
            } else if (left.getOrDefault(type.code(), 0) == 0) {
                answers.add(contended.contains(type.code()) ? Answer.ALONE : Answer.TYPE_EXHAUSTED);
            } else {
                left.merge(LicenseType.INSTANCE_LIMIT, -1, Integer::sum);
                left.merge(type.code(), -1, Integer::sum);
                answers.add(Answer.GRANTED);
            }
        }
        return answers;
    }

    /**
     * Assigns the seats {@link #lock} granted to the new instances and counts them.
     * @param instanceIds per asked, the instance granted its seats (null where refused)
     * @return per type of the batch, its seats in use after the batch
     */
    public Map<String, Integer> take(Grant grant, List<String> instanceIds) {
        Map<String, List<String>> holders = new TreeMap<>();
        for (int i = 0; i < grant.asked.size(); i++) {
            if (grant.answer(i) == Answer.GRANTED) {
                holders.computeIfAbsent(grant.asked.get(i).code(), code -> new ArrayList<>()).add(Objects.requireNonNull(instanceIds.get(i)));
                holders.computeIfAbsent(LicenseType.INSTANCE_LIMIT, code -> new ArrayList<>()).add(instanceIds.get(i));
            }
        }
        if (holders.isEmpty()) {
            return Map.of();
        }
        Map<String, Integer> deltas = new HashMap<>();
        Map<String, Map<Integer, String>> rows = new HashMap<>();
        holders.forEach((code, ids) -> {
            Map<Integer, String> taken = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                taken.put(grant.slots.get(code).get(i), ids.get(i));
            }
            rows.put(code, taken);
            deltas.put(code, ids.size());
        });
        seats.assign(rows);
        counts.count(deltas);
        holders.remove(LicenseType.INSTANCE_LIMIT);
        return counts.used(holders.keySet());
    }

    /** Moves an instance's seat to another type. @return seats in use of the old type, then of the new one */
    public int[] change(String instanceId, String fromCode, LicenseType to) {
        if (!seats.move(fromCode, to.code(), instanceId, capacity(fromCode), to.seats())) {
            throw refusal(to.code(), to.seats(), exhausted(to));
        }
        return new int[]{counts.used(fromCode), counts.used(to.code())};
    }

    /** Gives back an instance's seats. @return seats of that type still in use */
    public int release(String instanceId, String code) {
        Map<String, Integer> deltas = new HashMap<>();
        if (seats.releaseUncounted(code, instanceId, capacity(code))) {
            deltas.put(code, -1);
        }
        if (seats.releaseUncounted(LicenseType.INSTANCE_LIMIT, instanceId, capacity(LicenseType.INSTANCE_LIMIT))) {
            deltas.put(LicenseType.INSTANCE_LIMIT, -1);
        }
        if (!deltas.isEmpty()) {
            counts.count(deltas); // one statement, the pools in name order, as every claim and release takes them
        }
        return counts.used(code);
    }

    /**
     * Gives back, in bulk, the seats of the instances the caller's {@code SELECT id ...} over its own tables names (its
     * named parameters bound from the map). Seats above a shrunken capacity simply vanish; if holders of such seats
     * remain, they are moved into the freed ones.
     */
    public void releaseSeatsOf(String instanceIds, Map<String, Object> parameters) {
        String holders = " JOIN (" + instanceIds + ") r ON r.id = s.instance_id";
        bound(em.createNativeQuery("INSERT INTO seat_count (pool, shard, used) SELECT s.pool, 0, -COUNT(*) FROM seat s" + holders
                + " GROUP BY s.pool ON DUPLICATE KEY UPDATE used = used + VALUES(used)"), parameters).executeUpdate();
        bound(em.createNativeQuery("DELETE s FROM seat s" + holders + " JOIN license_type t ON t.code = s.pool WHERE s.slot > t.seats"),
                parameters).executeUpdate();
        bound(em.createNativeQuery("UPDATE seat s" + holders + " SET s.instance_id = NULL"), parameters).executeUpdate();
        List<?> overage = em.createNativeQuery("SELECT DISTINCT s.pool FROM seat s JOIN license_type t ON t.code = s.pool WHERE s.slot > t.seats")
                .getResultList();
        if (!overage.isEmpty()) {
            em.find(LicenseType.class, LicenseType.INSTANCE_LIMIT, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            for (Object pool : overage) {
                seats.resize((String) pool, capacity((String) pool));
            }
        }
    }

    private static jakarta.persistence.Query bound(jakarta.persistence.Query query, Map<String, Object> parameters) {
        parameters.forEach(query::setParameter);
        return query;
    }

    public int used(String code) {
        return counts.used(code);
    }

    private static LimitReachedException limitReached() {
        return new LimitReachedException("The instance limit of the pool is reached; deregister an appliance or install a license file that raises the limit.");
    }

    private static TypeExhaustedException exhausted(LicenseType type) {
        return new TypeExhaustedException("All " + type.seats() + " seats of license type " + type.code() + " are in use.");
    }

    private int capacity(String code) {
        LicenseType type = em.find(LicenseType.class, code);
        return type == null ? 0 : type.seats();
    }
}
