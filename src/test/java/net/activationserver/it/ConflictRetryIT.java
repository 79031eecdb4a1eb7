package net.activationserver.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write conflict (MariaDB error 1213: an InnoDB deadlock, or on Galera a certification failure against another node's
 * write) is run again, and answered 503 {@code ASL_UNAVAILABLE} with Retry-After only when it keeps happening, never
 * 500. The conflict is forced where the activation writes its audit line: a trigger raises error 1213 as many times as
 * the test says, counting down in a table that a rollback does not undo (Aria, not transactional).
 */
class ConflictRetryIT extends ItBase {

    private static final String TYPE = "VLM-CONFLICT";

    @BeforeEach
    void armTheConflict() throws SQLException {
        try (Connection db = Fixtures.db(); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS it_conflicts (remaining INT NOT NULL) ENGINE=Aria TRANSACTIONAL=0");
            sql.execute("DELETE FROM it_conflicts");
            sql.execute("INSERT INTO it_conflicts VALUES (0)");
            sql.execute("DROP TRIGGER IF EXISTS it_conflict");
            sql.execute("CREATE TRIGGER it_conflict BEFORE INSERT ON audit_event FOR EACH ROW"
                    + " BEGIN IF (SELECT remaining FROM it_conflicts) > 0 THEN"
                    + " UPDATE it_conflicts SET remaining = remaining - 1;"
                    + " SIGNAL SQLSTATE '40001' SET MYSQL_ERRNO = 1213, MESSAGE_TEXT = 'Deadlock found when trying to get lock; try restarting transaction';"
                    + " END IF; END");
        }
        Fixtures.emptyPool(http);
        install(Fixtures.licenseFile("L-CONFLICT-" + System.nanoTime(), 100, TYPE, "10"));
    }

    @AfterEach
    void disarm() throws SQLException {
        try (Connection db = Fixtures.db(); Statement sql = db.createStatement()) {
            sql.execute("DROP TRIGGER IF EXISTS it_conflict");
            sql.execute("DROP TABLE IF EXISTS it_conflicts");
        }
    }

    private static void conflicts(int times) throws SQLException {
        try (Connection db = Fixtures.db(); Statement sql = db.createStatement()) {
            sql.execute("UPDATE it_conflicts SET remaining = " + times);
        }
    }

    private static long remaining() {
        return Fixtures.count("SELECT remaining FROM it_conflicts");
    }

    @Test
    void anActivationThatMeetsAFewConflictsIsRunAgainAndSucceeds() throws SQLException {
        String mac = Fixtures.mac();
        conflicts(3);
        Http.Answer answer = http.appliance("POST", "api/v1/activations", Fixtures.activation(mac, TYPE));
        assertEquals(201, answer.status(), answer.toString());
        assertEquals(0, remaining(), "three attempts met a conflict, the fourth went through");
        String id = answer.json().getString("instanceId");
        assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM instance WHERE mac = ?", mac), "one instance, not one per attempt");
        assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = ? AND instance_id = ?", TYPE, id));
        assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM audit_event WHERE instance_id = ?", id), "one audit line");
        assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM usage_interval WHERE instance_id = ?", id), "one usage interval");
    }

    @Test
    void conflictsThatKeepComingAreAnswered503WithRetryAfterAndChangeNothing() throws SQLException {
        String mac = Fixtures.mac();
        conflicts(1_000);
        long seatsBefore = Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = ? AND instance_id IS NOT NULL", TYPE);
        Http.Answer answer = http.appliance("POST", "api/v1/activations", Fixtures.activation(mac, TYPE));
        assertProblem(answer, 503, "ASL_UNAVAILABLE");
        assertTrue(Integer.parseInt(answer.header("Retry-After")) >= 1, answer.toString());
        long attempts = 1_000 - remaining();
        assertTrue(attempts >= 25 && attempts <= 30, "run again a bounded number of times: " + attempts + " attempts");
        assertEquals(0, Fixtures.count("SELECT COUNT(*) FROM instance WHERE mac = ?", mac), "nothing changed");
        assertEquals(seatsBefore, Fixtures.count("SELECT COUNT(*) FROM seat WHERE pool = ? AND instance_id IS NOT NULL", TYPE));
        conflicts(0);
        assertEquals(201, http.appliance("POST", "api/v1/activations", Fixtures.activation(mac, TYPE)).status(),
                "once the conflicts stop, the same activation goes through");
    }

    @Test
    void anAdminChangeThatMeetsConflictsIsRunAgain() throws SQLException {
        String id = activate(Fixtures.mac(), TYPE).getString("instanceId");
        conflicts(2);
        Http.Answer answer = http.admin("DELETE", "api/v1/admin/instances/" + id, null, null);
        assertEquals(204, answer.status(), answer.toString());
        assertEquals(0, remaining());
        assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM instance WHERE id = ? AND status = 'DEREGISTERED'", id));
        conflicts(1_000);
        String other = activateWithoutConflicts();
        conflicts(1_000);
        assertProblem(http.admin("DELETE", "api/v1/admin/instances/" + other, null, null), 503, "ASL_UNAVAILABLE");
        assertEquals(1, Fixtures.count("SELECT COUNT(*) FROM instance WHERE id = ? AND status = 'ACTIVE'", other), "nothing changed");
    }

    private String activateWithoutConflicts() throws SQLException {
        conflicts(0);
        return activate(Fixtures.mac(), TYPE).getString("instanceId");
    }
}
