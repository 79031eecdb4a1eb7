package net.activationserver.licensing.control;

import net.activationserver.api.AslException;
import net.activationserver.licensing.entity.LicenseType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A batch of claims is answered as the same claims one after the other would have been (Pool.refusals). */
class PoolTest {

    private static final LicenseType A = type("VLM-A", 10);
    private static final LicenseType B = type("VLM-B", 10);

    private static LicenseType type(String code, int seats) {
        LicenseType type = new LicenseType(code);
        type.define(code, List.of(), seats);
        return type;
    }

    /** Per asked: "ok", or the refusal's problem code. */
    private static List<String> answers(List<LicenseType> asked, Map<String, Integer> locked) {
        return Pool.refusals(asked, locked).stream().map(r -> r == null ? "ok" : r.code().name()).toList();
    }

    @Test
    void seatsGoInArrivalOrderAndTheRestOfAFullTypeIsExhausted() {
        assertEquals(List.of("ok", "ok", "ASL_TYPE_EXHAUSTED", "ok"),
                answers(List.of(A, B, A, B), Map.of("VLM-A", 1, "VLM-B", 2, LicenseType.INSTANCE_LIMIT, 4)));
    }

    @Test
    void onceTheLimitIsUsedUpEveryTypeIsRefusedForTheLimit() {
        assertEquals(List.of("ok", "ASL_LIMIT_REACHED", "ASL_LIMIT_REACHED"),
                answers(List.of(A, B, A), Map.of("VLM-A", 2, "VLM-B", 1, LicenseType.INSTANCE_LIMIT, 1)));
    }

    /** A lone claim on a full type with the limit not yet reached is refused for its type, and takes no limit seat. */
    @Test
    void aFullTypeIsExhaustedWhileTheLimitHasRoomAndLeavesTheLimitToOthers() {
        assertEquals(List.of("ASL_TYPE_EXHAUSTED", "ok", "ASL_LIMIT_REACHED"),
                answers(List.of(B, A, A), Map.of("VLM-A", 2, "VLM-B", 0, LicenseType.INSTANCE_LIMIT, 1)));
        assertEquals(List.of("ASL_LIMIT_REACHED"), answers(List.of(B), Map.of("VLM-B", 0, LicenseType.INSTANCE_LIMIT, 0)));
    }

    @Test
    void refusalsNameTheTypeAndItsSeats() {
        AslException refused = Pool.refusals(List.of(A), Map.of("VLM-A", 0, LicenseType.INSTANCE_LIMIT, 1)).get(0);
        assertEquals(409, refused.status());
        assertEquals("All 10 seats of license type VLM-A are in use.", refused.getMessage());
        assertEquals(Arrays.asList(null, null), Pool.refusals(List.of(A, A), Map.of("VLM-A", 2, LicenseType.INSTANCE_LIMIT, 2)));
    }
}
