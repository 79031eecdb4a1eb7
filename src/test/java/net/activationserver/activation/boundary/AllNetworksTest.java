package net.activationserver.activation.boundary;

import net.activationserver.network.boundary.ApplianceView;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * "All Networks" pages through licensed and hand-added appliances as one list: each owner reads only the first
 * {@code first + limit} of its own kind, and the merged page is the one a single sorted list of both would give.
 */
class AllNetworksTest {

    private static final Comparator<ApplianceView> BY_NAME = Comparator.comparing(ApplianceView::name, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(ApplianceView::mac, Comparator.nullsFirst(String.CASE_INSENSITIVE_ORDER)).thenComparing(ApplianceView::id);

    @Test
    void bothKindsInterleaveByNameWhateverTheCase() {
        List<ApplianceView> licensed = List.of(licensed("1", "alpha", "02:00:00:00:00:01"), licensed("2", "Charlie", "02:00:00:00:00:02"));
        List<ApplianceView> added = List.of(added("7", "Bravo", null), added("8", "delta", "02:00:00:00:00:08"));

        assertEquals(List.of("alpha", "Bravo", "Charlie", "delta"), AllNetworks.page(licensed, added, 0, 10).stream().map(ApplianceView::name).toList());
        assertEquals(List.of("Bravo", "Charlie"), AllNetworks.page(licensed, added, 1, 2).stream().map(ApplianceView::name).toList());
        assertEquals(List.of(), AllNetworks.page(licensed, added, 4, 2), "past the end: an empty page");
    }

    /** Any page, from each kind's first first+limit, equals that page of everything sorted together. */
    @Test
    void aPageFromEachKindsHeadIsThePageOfAll() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<ApplianceView> licensed = new ArrayList<>();
            List<ApplianceView> added = new ArrayList<>();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                String name = List.of("edge", "Edge", "core", "lb", "LB-2", "vlm").get(random.nextInt(6)) + random.nextInt(5);
                if (random.nextBoolean()) {
                    licensed.add(licensed("i" + i, name, String.format("02:00:00:00:00:%02X", i)));
                } else {
                    added.add(added("a" + i, name, random.nextBoolean() ? null : String.format("02:00:00:00:01:%02X", i)));
                }
            }
            licensed.sort(BY_NAME);
            added.sort(BY_NAME);
            List<ApplianceView> all = new ArrayList<>(licensed);
            all.addAll(added);
            all.sort(BY_NAME);
            int first = random.nextInt(n + 1);
            int limit = 1 + random.nextInt(10);
            int head = first + limit;
            assertEquals(all.subList(first, Math.min(head, all.size())),
                    AllNetworks.page(licensed.subList(0, Math.min(head, licensed.size())), added.subList(0, Math.min(head, added.size())), first, limit),
                    "page at " + first + " of " + limit);
        }
    }

    private static ApplianceView licensed(String id, String name, String mac) {
        return new ApplianceView(AllNetworks.INSTANCE + id, ApplianceView.LICENSED, id, name, mac, "ACTIVE", "VLM-200", null, null, null, 1);
    }

    private static ApplianceView added(String id, String name, String mac) {
        return new ApplianceView("appliance:" + id, ApplianceView.ADDED, id, name, mac, null, null, null, null, null, 1);
    }
}
