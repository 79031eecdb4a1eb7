package net.activationserver;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One owner per table (docs/DECISIONS.md, "One owner per table"): only the owning component names a table in SQL, or
 * its entity in JPQL. Read from the source's string literals, as a {@code grep} would: a statement of one component
 * that reads or writes another's table fails the build.
 */
class TableOwnershipTest {

    /** Per component, its tables and its entities' names. */
    static final Map<String, List<String>> OWNED = Map.of(
            "server", List.of("node", "nonce", "setting", "ServerNode"),
            "audit", List.of("audit_event", "debug_event", "AuditEvent", "DebugEvent"),
            "licensing", List.of("entitlement", "entitlement_type", "license_type", "seat", "seat_count", "pool_level", "LicenseType", "Entitlement"),
            "metering", List.of("usage_interval", "usage_rollup", "usage_rollup_day", "usage_rollup_mark"),
            "network", List.of("network", "appliance", "Network", "Appliance"),
            "activation", List.of("instance", "sweep_mark", "lease_key", "Instance", "SweepMark", "LeaseKey"),
            "events", List.of("event", "webhook_endpoint", "webhook_lane", "webhook_delivery", "mail_alert", "WebhookEndpoint"),
            "admin", List.of("admin_user", "sign_in_failure", "api_token", "AdminUser", "ApiToken"));

    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Path SOURCES = Path.of("src/main/java/net/activationserver");

    @Test
    void onlyTheOwnerNamesATableInItsStatements() throws IOException {
        List<String> trespasses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String component = SOURCES.relativize(file).getName(0).toString();
                String statements = literals(Files.readString(file));
                OWNED.forEach((owner, names) -> {
                    if (!owner.equals(component)) {
                        for (String name : names) {
                            if (named(statements, name)) {
                                trespasses.add(SOURCES.relativize(file) + " names " + owner + "'s " + name);
                            }
                        }
                    }
                });
            }
        }
        assertEquals(List.of(), trespasses, "a component reads or writes only its own tables; ask the owner for a method");
    }

    /** The check itself finds a statement on a table, in any of the forms the code writes them. */
    @Test
    void theCheckSeesEveryFormOfStatement() {
        for (String sql : List.of("SELECT slot FROM seat WHERE pool = ?", "DELETE s FROM seat s JOIN x", "UPDATE seat SET a = 1",
                "INSERT INTO seat (pool) VALUES (?)", "SELECT a FROM t JOIN seat s ON s.id = t.id", "SELECT COUNT(*)\nFROM `seat`")) {
            assertTrue(named(sql, "seat"), sql);
        }
        assertFalse(named("SELECT i FROM Instance i JOIN i.seat s", "seat"), "a path of an entity is no table");
        assertFalse(named("SELECT slot FROM seat_count", "seat"), "another table whose name starts alike");
        assertFalse(named(literals("String m = \"Remove it from network \" + name;"), "network"), "prose");
        assertFalse(named(literals("Map.of(\"FROM\", from, \"node\", name)"), "node"), "literals apart");
        assertTrue(named(literals("q(\"SELECT id FROM \"\n + \"node WHERE a\")"), "node"), "a statement in pieces");
    }

    /** The string literals, those joined by {@code +} as one (a statement built of pieces), others apart. */
    private static String literals(String source) {
        StringBuilder all = new StringBuilder();
        Matcher literal = LITERAL.matcher(source);
        int end = -1;
        while (literal.find()) {
            boolean joined = end >= 0 && source.substring(end, literal.start()).matches("\\s*\\+\\s*");
            all.append(joined ? "" : "\u0001").append(literal.group(1).replace("\\n", "\n"));
            end = literal.end();
        }
        return all.toString();
    }

    private static boolean named(String statements, String name) {
        // the code writes SQL and JPQL keywords in capitals (prose such as "moved from network" is no statement); JPQL
        // entity names are case-sensitive, SQL table names are not
        boolean entity = Character.isUpperCase(name.charAt(0));
        return Pattern.compile("\\b(FROM|JOIN|INTO|UPDATE|TABLE)\\s+`?" + (entity ? name : "(?i:" + name + ")") + "`?(?![\\w.])")
                .matcher(statements).find();
    }
}
