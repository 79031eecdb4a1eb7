package net.activationserver.licensing.control;

import net.activationserver.licensing.entity.LicenseType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static net.activationserver.licensing.control.Pool.Answer.ALONE;
import static net.activationserver.licensing.control.Pool.Answer.GRANTED;
import static net.activationserver.licensing.control.Pool.Answer.LIMIT_REACHED;
import static net.activationserver.licensing.control.Pool.Answer.TYPE_EXHAUSTED;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A batch of claims is answered as the same claims one after the other would have been (Pool.answers). */
class PoolTest {

    private static final LicenseType A = LicenseType.read("VLM-A", "A", "VMWARE", 10);
    private static final LicenseType B = LicenseType.read("VLM-B", "B", "VMWARE", 10);

    @Test
    void seatsGoInArrivalOrderAndTheRestOfAFullTypeIsExhausted() {
        assertEquals(List.of(GRANTED, GRANTED, TYPE_EXHAUSTED, GRANTED),
                Pool.answers(List.of(A, B, A, B), Map.of("VLM-A", 1, "VLM-B", 2, LicenseType.INSTANCE_LIMIT, 3), false, Set.of()));
    }

    /** The limit had fewer seats to lock than the types granted: once they are used up, every claim is refused for it. */
    @Test
    void onceAShortLimitIsUsedUpEveryTypeIsRefusedForTheLimit() {
        assertEquals(List.of(GRANTED, LIMIT_REACHED, LIMIT_REACHED),
                Pool.answers(List.of(A, B, A), Map.of("VLM-A", 2, "VLM-B", 1, LicenseType.INSTANCE_LIMIT, 1), true, Set.of()));
    }

    /** A claim on a full type while the limit still has a seat is refused for its type, and leaves that seat to others. */
    @Test
    void aFullTypeIsExhaustedWhileTheLimitHasRoomAndLeavesTheLimitToOthers() {
        assertEquals(List.of(TYPE_EXHAUSTED, GRANTED, LIMIT_REACHED),
                Pool.answers(List.of(B, A, A), Map.of("VLM-A", 2, "VLM-B", 0, LicenseType.INSTANCE_LIMIT, 1), true, Set.of()));
    }

    /**
     * The limit gave all the seats the types granted: whether it has more for a claim refused after them is for a lone
     * claim to find out (locking one more here would keep it from other claims).
     */
    @Test
    void whatComesAfterTheLimitsLastLockedSeatGoesAlone() {
        assertEquals(List.of(GRANTED, ALONE),
                Pool.answers(List.of(A, A), Map.of("VLM-A", 1, LicenseType.INSTANCE_LIMIT, 1), false, Set.of()));
        assertEquals(List.of(ALONE, ALONE), Pool.answers(List.of(B, B), Map.of("VLM-B", 0, LicenseType.INSTANCE_LIMIT, 0), false, Set.of()));
    }

    /**
     * Seats other claims hold, locked, may yet be given up (their activation refused for another pool, or rolled back):
     * a claim refused only for such a pool is not answered by the batch but goes alone, and only a lone claim answers it.
     */
    @Test
    void aClaimRefusedForSeatsOtherClaimsHoldGoesAlone() {
        assertEquals(List.of(GRANTED, ALONE, GRANTED),
                Pool.answers(List.of(A, A, B), Map.of("VLM-A", 1, "VLM-B", 1, LicenseType.INSTANCE_LIMIT, 3), false, Set.of("VLM-A")));
        assertEquals(List.of(GRANTED, ALONE, ALONE),
                Pool.answers(List.of(A, B, A), Map.of("VLM-A", 2, "VLM-B", 1, LicenseType.INSTANCE_LIMIT, 1), true,
                        Set.of(LicenseType.INSTANCE_LIMIT)));
    }
}
