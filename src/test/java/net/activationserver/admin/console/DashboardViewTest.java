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
        DashboardView view = new DashboardView();
        Field pool = DashboardView.class.getDeclaredField("pool");
        pool.setAccessible(true);
        pool.set(view, new PoolView(limit, inUse, List.of(new LicenseTypeView("VLM-MAX", "Max", List.of("VMWARE"), 8, 3, 5)), List.of()));
        return view;
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
