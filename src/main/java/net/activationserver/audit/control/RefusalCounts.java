package net.activationserver.audit.control;

import jakarta.enterprise.context.ApplicationScoped;
import net.activationserver.api.Refused;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's count of refusals alike (same source, code, message and reason) in the current minute. The first of a kind
 * gets its debug row at once; the ones after it are counted here and added to that row every few seconds
 * ({@link #drain(Instant)}), so a flood of bad requests costs a few writes, not one per request.
 */
@ApplicationScoped
public class RefusalCounts {

    /** Beyond this many kinds in a minute, refusals get their own row as before (so memory stays bounded). */
    static final int MAX_KINDS = 10_000;

    record Kind(long minute, String peer, String code, String message, String reason) {
        static Kind of(Refused refused, Instant at) {
            return new Kind(at.getEpochSecond() / 60, refused.peer(), refused.code(), refused.message(), refused.reason());
        }
    }

    /** The row of a kind (0 until it is written) and the refusals counted since its last write. */
    private static final class Tally {
        long id;
        int uncounted;
        Instant last;
    }

    /** Refusals to add to a debug row. */
    public record Addition(long id, int count, Instant last) {
    }

    private final Map<Kind, Tally> tallies = new ConcurrentHashMap<>();

    /**
     * Counts a refusal. True when it is the first of its kind this minute on this node: the caller then writes its row and
     * hands over its id ({@link #written}).
     */
    public boolean first(Refused refused, Instant at) {
        Kind kind = Kind.of(refused, at);
        boolean[] first = {false};
        tallies.compute(kind, (key, tally) -> {
            if (tally == null) {
                first[0] = true;
                return tallies.size() >= MAX_KINDS ? null : new Tally();
            }
            tally.uncounted++;
            tally.last = at;
            return tally;
        });
        return first[0];
    }

    /** The row of a first refusal is written (or could not be: id 0, and the kind starts over). */
    public void written(Refused refused, Instant at, long id) {
        Kind kind = Kind.of(refused, at);
        tallies.computeIfPresent(kind, (key, tally) -> {
            if (id == 0) {
                return null;
            }
            tally.id = id;
            return tally;
        });
    }

    /** What to add to the rows now; kinds of past minutes are forgotten once their counts are handed over. */
    public List<Addition> drain(Instant now) {
        long minute = now.getEpochSecond() / 60;
        List<Addition> additions = new ArrayList<>();
        for (Kind kind : List.copyOf(tallies.keySet())) {
            tallies.computeIfPresent(kind, (key, tally) -> {
                if (tally.id == 0) {
                    return tally; // its row is being written
                }
                if (tally.uncounted > 0) {
                    additions.add(new Addition(tally.id, tally.uncounted, tally.last));
                    tally.uncounted = 0;
                }
                return key.minute() < minute ? null : tally;
            });
        }
        return additions;
    }
}
