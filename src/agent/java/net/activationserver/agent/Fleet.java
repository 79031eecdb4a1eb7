package net.activationserver.agent;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * {@code fleet}: N simulated appliances in one process, the load generator. Each has its own MAC, instance and token;
 * at most R activations start per second, then each heartbeats at the interval. There is no thread per appliance:
 * every request goes out through java.net.http's asynchronous API, and all bookkeeping (scheduling, counting,
 * latencies) runs on one event-loop thread, so it needs no locks. Requests fail over between addresses like the
 * single agent; at most --max-in-flight are outstanding, the rest wait in a queue.
 */
final class Fleet {

    private enum Kind {
        ACTIVATION("activation"), HEARTBEAT("heartbeat"), KILL("kill");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One simulated appliance. */
    private static final class Sim {
        final String mac;
        final byte[] activationBody;
        String id;
        String token;
        String heartbeatPath;
        long intervalNanos;
        boolean active;
        long activatedNanos;

        Sim(String mac, byte[] activationBody) {
            this.mac = mac;
            this.activationBody = activationBody;
        }
    }

    /** One request, across its failover attempts. */
    private static final class Request {
        final Kind kind;
        final Sim sim;
        int first = -1;
        int attempt;
        long sentNanos;

        Request(Kind kind, Sim sim) {
            this.kind = kind;
            this.sim = sim;
        }
    }

    private final Agent agent;
    private Servers servers;
    private Signer signer;
    private Duration timeout;
    private Trust trust;
    private int maxInFlight;
    private double rate;
    private Long intervalOverrideNanos;
    private boolean killAtEnd;
    private boolean quiet;
    private java.io.BufferedWriter journal;

    private ScheduledExecutorService loop;
    private ExecutorService httpThreads;
    private HttpClient http;
    private Sim[] sims;
    private int launched;
    private long startNanos;
    private long endNanos;
    private long finishedNanos;
    private boolean stopping;
    private int inFlight;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private ScheduledFuture<?> launcher;
    private ScheduledFuture<?> progress;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private long grantedNew;
    private long grantedAgain;
    private final Map<String, Long> refused = new TreeMap<>();
    private long heartbeatsOk;
    private final Map<String, Long> heartbeatsFailed = new TreeMap<>();
    private long deregistered;
    private long killed;
    private final Map<String, Long> killsFailed = new TreeMap<>();
    private long answered;
    private long failovers;
    private long active;
    private final Map<Kind, Histogram> latency = new TreeMap<>();
    private final Histogram window = new Histogram();
    private long answeredAtLastProgress;
    private long lastProgressNanos;

    Fleet(Agent agent) {
        this.agent = agent;
    }

    int run() throws IOException, InterruptedException {
        Options options = agent.options;
        AgentState state = agent.loadState();
        servers = agent.servers(state);
        trust = agent.trust(state);
        String key = agent.requireKey(state);
        int count = (int) options.number("count", -1, 1, 16_777_216);
        if (count < 0) {
            throw new Options.Usage("missing --count (the number of simulated appliances)");
        }
        rate = options.decimal("rate", 100);
        Duration duration = options.duration("duration", Duration.ofSeconds(60));
        Duration interval = options.duration("heartbeat-interval", null);
        intervalOverrideNanos = interval == null ? null : interval.toNanos();
        maxInFlight = (int) options.number("max-in-flight", 128, 1, 100_000);
        killAtEnd = options.flag("kill-at-end");
        quiet = options.flag("quiet");
        String journalFile = options.get("journal");
        if (journalFile != null) {
            journal = java.nio.file.Files.newBufferedWriter(java.nio.file.Path.of(journalFile), StandardCharsets.UTF_8);
        }
        timeout = agent.requestTimeout();
        String platform = Agent.platform(options.get("platform", "VMWARE"));
        String build = Agent.build(options.get("build", Agent.DEFAULT_BUILD));
        signer = new Signer(key, platform, build);

        String licenseType = options.get("license-type");
        if (licenseType == null) {
            ApplianceClient client = agent.client(state, servers, signer);
            Answer types;
            try {
                types = client.signed("GET", "/api/v1/license-types?platform=" + platform, null, null);
            } catch (NoServerAnswered e) {
                return agent.noServer("fleet: listing license types", e);
            }
            if (types.status() != 200) {
                return agent.refused("fleet: listing license types", types);
            }
            licenseType = mostAvailable(Jsons.arrayOrNull(types.body()));
            if (licenseType == null) {
                agent.err.println("fleet: no license type is offered for " + platform + "; give --license-type");
                return Exit.REFUSED;
            }
        }
        licenseType = licenseType.strip().toUpperCase(Locale.ROOT);
        String prefix = options.get("mac-prefix", randomPrefix());

        sims = new Sim[count];
        for (int i = 0; i < count; i++) {
            String mac = MacAddress.numbered(prefix, i + 1L);
            String body = Jsons.compact(Jsons.PROVIDER.createObjectBuilder().add("mac", mac).add("platform", platform)
                    .add("hostname", Agent.hostnameFor(mac)).add("licenseType", licenseType).add("build", build).build());
            sims[i] = new Sim(mac, body.getBytes(StandardCharsets.UTF_8));
        }
        for (Kind kind : Kind.values()) {
            latency.put(kind, new Histogram());
        }
        agent.out.println(String.format(Locale.ROOT, "fleet: %d appliances (MACs %s:00:00:01...), %s on %s, at most %s activations/s, for %s, "
                        + "heartbeat %s, against %s", count, MacAddress.numbered(prefix, 0).substring(0, 8), licenseType, platform,
                trim(rate), duration, interval == null ? "at the server's interval" : "every " + interval, servers)
                + (trust.caFile() == null ? "" : " (certificates verified against " + trust + ")"));

        loop = Executors.newSingleThreadScheduledExecutor(daemon("asl-fleet-loop"));
        httpThreads = Executors.newFixedThreadPool(2, daemon("asl-fleet-http"));
        Duration connect = timeout.compareTo(Agent.CONNECT_TIMEOUT) < 0 ? timeout : Agent.CONNECT_TIMEOUT;
        http = trust.configure(HttpClient.newBuilder()).version(HttpClient.Version.HTTP_1_1).connectTimeout(connect).executor(httpThreads)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        try {
            loop.execute(() -> start(duration));
            done.get();
        } catch (ExecutionException e) {
            agent.err.println("fleet: " + e.getCause());
            return Exit.ERROR;
        } finally {
            loop.shutdownNow();
            httpThreads.shutdownNow();
            if (journal != null) {
                synchronized (this) {
                    journal.close();
                }
            }
        }
        summary(count, licenseType);
        return Exit.OK;
    }

    // ------------------------------------------------------------------ on the loop thread

    private void start(Duration duration) {
        startNanos = System.nanoTime();
        endNanos = startNanos + duration.toNanos();
        lastProgressNanos = startNanos;
        launcher = loop.scheduleAtFixedRate(this::launch, 0, 5, TimeUnit.MILLISECONDS);
        progress = loop.scheduleAtFixedRate(this::progress, 1, 1, TimeUnit.SECONDS);
        loop.schedule(this::stop, duration.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void launch() {
        if (stopping) {
            return;
        }
        long due = Math.min(sims.length, (long) Math.floor((System.nanoTime() - startNanos) / 1e9 * rate) + 1);
        while (launched < due) {
            submit(new Request(Kind.ACTIVATION, sims[launched++]));
        }
        if (launched == sims.length) {
            launcher.cancel(false);
        }
    }

    private void submit(Request request) {
        if (inFlight < maxInFlight) {
            send(request);
        } else {
            queue.addLast(request);
        }
    }

    private void drain() {
        while (inFlight < maxInFlight && !queue.isEmpty()) {
            send(queue.pollFirst());
        }
    }

    private void send(Request request) {
        int index = request.first < 0 ? (request.first = servers.preferredIndex()) : servers.next(request.first, request.attempt);
        URI base = servers.get(index);
        Sim sim = request.sim;
        HttpRequest http;
        switch (request.kind) {
            case ACTIVATION -> http = ApplianceClient.request(base, "POST", "/api/v1/activations", sim.activationBody, null, signer, timeout);
            case HEARTBEAT -> {
                long uptime = (System.nanoTime() - sim.activatedNanos) / 1_000_000_000L;
                byte[] body = ("{\"uptimeSeconds\":" + uptime + "}").getBytes(StandardCharsets.US_ASCII);
                http = ApplianceClient.request(base, "POST", sim.heartbeatPath, body, sim.token, signer, timeout);
            }
            default -> http = ApplianceClient.request(base, "DELETE", "/api/v1/instances/" + sim.id, null, sim.token, signer, timeout);
        }
        inFlight++;
        request.sentNanos = System.nanoTime();
        this.http.sendAsync(http, HttpResponse.BodyHandlers.ofString())
                .whenCompleteAsync((response, error) -> completed(request, index, response, error), loop);
    }

    private void completed(Request request, int index, HttpResponse<String> response, Throwable error) {
        inFlight--;
        long micros = (System.nanoTime() - request.sentNanos) / 1000;
        try {
            if (error != null || response.statusCode() >= 500) {
                if (request.attempt + 1 < servers.size()) {
                    request.attempt++;
                    failovers++;
                    if (inFlight < maxInFlight) {
                        send(request);
                    } else {
                        queue.addFirst(request);
                    }
                    return;
                }
                failed(request, error != null ? "NO_SERVER (" + ApplianceClient.describe(error, trust) + ")" : code(response));
                return;
            }
            if (index != servers.preferredIndex()) {
                servers.succeeded(index);
            }
            answered++;
            latency.get(request.kind).record(micros);
            if (request.kind == Kind.HEARTBEAT) {
                window.record(micros);
            }
            journal(request, index, response);
            switch (request.kind) {
                case ACTIVATION -> activated(request.sim, response);
                case HEARTBEAT -> heartbeatAnswered(request.sim, response);
                case KILL -> {
                    if (response.statusCode() == 204 || response.statusCode() == 410) {
                        killed++;
                        request.sim.active = false;
                    } else {
                        count(killsFailed, code(response));
                    }
                }
            }
        } catch (RuntimeException e) {
            count(request.kind == Kind.HEARTBEAT ? heartbeatsFailed : refused, "AGENT_ERROR " + e);
        } finally {
            drain();
            if (stopping && inFlight == 0 && queue.isEmpty()) {
                finish();
            }
        }
    }

    /** One line per answered activation or kill (on the loop thread; closed once the loop has stopped). */
    private void journal(Request request, int index, HttpResponse<String> response) throws java.io.UncheckedIOException {
        if (journal == null || request.kind == Kind.HEARTBEAT) {
            return;
        }
        String id = request.kind == Kind.ACTIVATION ? Jsons.string(Jsons.objectOrNull(response.body()), "instanceId") : request.sim.id;
        try {
            synchronized (this) {
                journal.write(request.kind.label + " " + response.statusCode() + " " + request.sim.mac + " " + (id == null ? "-" : id)
                        + " " + servers.get(index) + "\n");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void failed(Request request, String reason) {
        switch (request.kind) {
            case ACTIVATION -> count(refused, reason);
            case HEARTBEAT -> {
                count(heartbeatsFailed, reason);
                schedule(request.sim);
            }
            case KILL -> count(killsFailed, reason);
        }
    }

    private void activated(Sim sim, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status != 200 && status != 201) {
            count(refused, code(response));
            return;
        }
        JsonObject json = Jsons.objectOrNull(response.body());
        sim.id = Jsons.string(json, "instanceId");
        sim.token = Jsons.string(json, "instanceToken");
        if (sim.id == null || sim.token == null) {
            count(refused, "BAD_ANSWER (no instanceId or instanceToken)");
            return;
        }
        Long seconds = Jsons.number(json, "heartbeatIntervalSeconds");
        sim.intervalNanos = intervalOverrideNanos != null ? intervalOverrideNanos
                : TimeUnit.SECONDS.toNanos(seconds == null || seconds < 1 ? 60 : seconds);
        sim.heartbeatPath = "/api/v1/instances/" + sim.id + "/heartbeat";
        sim.active = true;
        sim.activatedNanos = System.nanoTime();
        active++;
        if (status == 201) {
            grantedNew++;
        } else {
            grantedAgain++;
        }
        schedule(sim);
    }

    private void heartbeatAnswered(Sim sim, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 200) {
            heartbeatsOk++;
            if (intervalOverrideNanos == null) {
                long seconds = intervalOf(response.body());
                if (seconds > 0) {
                    sim.intervalNanos = TimeUnit.SECONDS.toNanos(seconds);
                }
            }
            schedule(sim);
        } else if (status == 410) {
            deregistered++;
            sim.active = false;
            active--;
        } else {
            count(heartbeatsFailed, code(response));
            schedule(sim);
        }
    }

    private void schedule(Sim sim) {
        if (stopping || !sim.active) {
            return;
        }
        loop.schedule(() -> {
            if (!stopping && sim.active) {
                submit(new Request(Kind.HEARTBEAT, sim));
            }
        }, sim.intervalNanos, TimeUnit.NANOSECONDS);
    }

    private void progress() {
        if (quiet || stopping) {
            return;
        }
        long now = System.nanoTime();
        double seconds = (now - lastProgressNanos) / 1e9;
        long perSecond = Math.round((answered - answeredAtLastProgress) / Math.max(seconds, 1e-3));
        agent.out.println(String.format(Locale.ROOT,
                "[%6.1fs] active %d/%d | activations %d granted, %d refused | heartbeats %d ok, %d failed | %d req/s | in flight %d, queued %d | heartbeat p99 %s",
                (now - startNanos) / 1e9, active, sims.length, grantedNew + grantedAgain, total(refused), heartbeatsOk, total(heartbeatsFailed),
                perSecond, inFlight, queue.size(), window.count() == 0 ? "-" : Text.millis(window.percentile(99))));
        answeredAtLastProgress = answered;
        lastProgressNanos = now;
        window.reset();
    }

    private void stop() {
        stopping = true;
        if (launcher != null) {
            launcher.cancel(false);
        }
        progress.cancel(false);
        queue.removeIf(request -> request.kind == Kind.HEARTBEAT);
        finishedNanos = System.nanoTime();
        if (killAtEnd) {
            for (Sim sim : sims) {
                if (sim.active) {
                    submit(new Request(Kind.KILL, sim));
                }
            }
        }
        long patience = timeout.toNanos() * (servers.size() + 1) + TimeUnit.SECONDS.toNanos(killAtEnd ? 30 : 2);
        loop.schedule(this::finish, patience, TimeUnit.NANOSECONDS);
        if (inFlight == 0 && queue.isEmpty()) {
            finish();
        }
    }

    private void finish() {
        if (!done.isDone()) {
            finishedNanos = Math.max(finishedNanos, System.nanoTime());
            done.complete(null);
        }
    }

    // ------------------------------------------------------------------ summary

    private void summary(int count, String licenseType) {
        double seconds = (finishedNanos - startNanos) / 1e9;
        long heartbeatsFailedTotal = total(heartbeatsFailed);
        agent.out.println(String.format(Locale.ROOT, "fleet summary: %d appliances, %s, %.1f s", count, licenseType, seconds));
        agent.out.println(String.format(Locale.ROOT, "  activations: %d granted (%d new, %d again), %d refused%s%s", grantedNew + grantedAgain,
                grantedNew, grantedAgain, total(refused), refused.isEmpty() ? "" : " " + refused,
                launched < count ? " (" + (count - launched) + " not started within the duration)" : ""));
        agent.out.println(String.format(Locale.ROOT, "  heartbeats:  %d ok, %d failed%s; %d appliances deregistered by the server (410)",
                heartbeatsOk, heartbeatsFailedTotal, heartbeatsFailed.isEmpty() ? "" : " " + heartbeatsFailed, deregistered));
        if (killAtEnd) {
            agent.out.println(String.format(Locale.ROOT, "  kills:       %d ok, %d failed%s", killed, total(killsFailed),
                    killsFailed.isEmpty() ? "" : " " + killsFailed));
        }
        agent.out.println(String.format(Locale.ROOT, "  requests:    %d answered in %.1f s = %.0f req/s; %d failovers; %d still in flight at the end",
                answered, seconds, answered / Math.max(seconds, 1e-3), failovers, inFlight));
        agent.out.println(String.format(Locale.ROOT, "  latency      %8s %10s %10s %10s %10s", "n", "p50", "p95", "p99", "max"));
        for (Map.Entry<Kind, Histogram> entry : latency.entrySet()) {
            Histogram h = entry.getValue();
            if (h.count() > 0) {
                agent.out.println(String.format(Locale.ROOT, "  %-12s %8d %10s %10s %10s %10s", entry.getKey().label, h.count(),
                        Text.millis(h.percentile(50)), Text.millis(h.percentile(95)), Text.millis(h.percentile(99)), Text.millis(h.max())));
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String code(HttpResponse<String> response) {
        String code = Jsons.string(Jsons.objectOrNull(response.body()), "code");
        return code != null ? code : "HTTP " + response.statusCode();
    }

    /** heartbeatIntervalSeconds from a heartbeat answer without a full parse; -1 when absent. */
    static long intervalOf(String body) {
        int at = body == null ? -1 : body.indexOf("\"heartbeatIntervalSeconds\"");
        if (at < 0) {
            return -1;
        }
        int i = body.indexOf(':', at) + 1;
        while (i > 0 && i < body.length() && body.charAt(i) == ' ') {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i > 0 && i < body.length() && Character.isDigit(body.charAt(i)) && digits < 10) {
            value = value * 10 + (body.charAt(i++) - '0');
            digits++;
        }
        return digits == 0 ? -1 : value;
    }

    private static void count(Map<String, Long> counts, String code) {
        counts.merge(code, 1L, Long::sum);
    }

    private static long total(Map<String, Long> counts) {
        long total = 0;
        for (long value : counts.values()) {
            total += value;
        }
        return total;
    }

    private static String mostAvailable(JsonArray types) {
        String best = null;
        long most = Long.MIN_VALUE;
        if (types != null) {
            for (JsonValue value : types) {
                if (value instanceof JsonObject type) {
                    Long available = Jsons.number(type, "available");
                    if (available != null && available > most && Jsons.string(type, "code") != null) {
                        most = available;
                        best = Jsons.string(type, "code");
                    }
                }
            }
        }
        return best;
    }

    /** A random locally administered unicast prefix, so two fleets do not share MACs unless told to. */
    private static String randomPrefix() {
        byte[] bytes = new byte[3];
        new SecureRandom().nextBytes(bytes);
        return String.format(Locale.ROOT, "%02X:%02X:%02X", (bytes[0] & 0xFC) | 0x02, bytes[1] & 0xFF, bytes[2] & 0xFF);
    }

    private static String trim(double number) {
        return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
