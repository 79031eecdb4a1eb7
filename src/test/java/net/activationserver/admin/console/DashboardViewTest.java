package net.activationserver.admin.console;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import net.activationserver.licensing.boundary.LicenseTypeView;
import net.activationserver.licensing.boundary.PoolView;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.lang.reflect.Field;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DashboardViewTest {

    private static DashboardView with(int limit, int inUse) throws Exception {
        return with(limit, inUse, List.of(new LicenseTypeView("VLM-MAX", "Max", List.of("VMWARE"), 8, 3, 5)), java.util.Map.of());
    }

    private static DashboardView with(int limit, int inUse, List<LicenseTypeView> types, java.util.Map<String, Long> counts) throws Exception {
        DashboardView view = new DashboardView();
        set(view, "pool", new PoolView(limit, inUse, types, List.of()));
        set(view, "thresholdPercent", 90);
        set(view, "statusCounts", counts);
        return view;
    }

    private static void set(DashboardView view, String name, Object value) throws Exception {
        Field field = DashboardView.class.getDeclaredField(name);
        field.setAccessible(true);
        field.set(view, value);
    }

    private static LicenseTypeView type(String code, int seats, int used) {
        return new LicenseTypeView(code, code, List.of("VMWARE"), seats, used, Math.max(0, seats - used));
    }

    @Test
    void aBannerPerTypeAtTheThresholdAndAtFull() throws Exception {
        DashboardView view = with(100, 48, List.of(type("VLM-MAX", 20, 20), type("VLM-5000G", 10, 9), type("VLM-200", 10, 8),
                type("VLM-NONE", 0, 0)), java.util.Map.of());
        List<String> banners = view.getTypeAlerts().stream().map(PoolView.TypeAlert::message).toList();
        assertEquals(List.of("VLM-MAX: 20 of 20 seats in use; new activations of this type are refused",
                "VLM-5000G: 9 of 10 seats in use (90%)"), banners, "80% is below the threshold; a type without seats has no banner");
    }

    @Test
    void staleBannersWhenEveryOrManyAppliancesAreSilent() throws Exception {
        assertTrue(with(10, 3, List.of(), java.util.Map.of("ACTIVE", 0L, "STALE", 3L)).isAllStale());
        assertFalse(with(10, 0, List.of(), java.util.Map.of("ACTIVE", 0L, "STALE", 0L)).isAllStale(), "nothing running: no banner");
        assertTrue(with(10, 8, List.of(), java.util.Map.of("ACTIVE", 6L, "STALE", 2L)).isManyStale(), "a quarter");
        assertFalse(with(10, 9, List.of(), java.util.Map.of("ACTIVE", 8L, "STALE", 1L)).isManyStale());
        assertFalse(with(10, 3, List.of(), java.util.Map.of("ACTIVE", 0L, "STALE", 3L)).isManyStale(), "one banner: all STALE");
    }

    @Test
    void warnsAtNinetyPercentAndAtTheLimit() throws Exception {
        assertFalse(with(10, 8).isNearLimit());
        assertFalse(with(10, 8).isLimitReached());
        assertTrue(with(10, 9).isNearLimit());
        assertFalse(with(10, 9).isLimitReached());
        assertTrue(with(10, 10).isLimitReached());
        assertFalse(with(10, 10).isNearLimit(), "one banner at a time");
        assertFalse(with(0, 0).isLimitReached(), "no license installed: no limit banner");
        assertEquals("ASL instance limit already reached. Cannot issue more licenses", with(10, 10).getLimitReachedMessage());
    }

    @Test
    void chartHasUsedAndFreePerTypeAndTheLimit() throws Exception {
        JsonObject chart = Json.createReader(new StringReader(with(10, 3).getSeatsChart())).readObject();
        assertEquals("bar", chart.getString("type"));
        assertEquals(List.of("VLM-MAX", "All types (instance limit)"),
                chart.getJsonObject("data").getJsonArray("labels").getValuesAs(jakarta.json.JsonString::getString));
        var datasets = chart.getJsonObject("data").getJsonArray("datasets");
        assertEquals(3, datasets.getJsonObject(0).getJsonArray("data").getInt(0));
        assertEquals(5, datasets.getJsonObject(1).getJsonArray("data").getInt(0));
        assertEquals(7, datasets.getJsonObject(1).getJsonArray("data").getInt(1));
    }
}
