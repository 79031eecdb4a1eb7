package net.activationserver.agent;

import com.nimbusds.jose.jwk.JWKSet;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The appliance agent: a command-line appliance that speaks the Activation Server's appliance protocol (API.md v1),
 * written from that page alone (it uses none of the server's classes). {@link #run} is the whole program and returns
 * the exit code, so tests can call it in-process.
 */
public final class Agent {

    static final String DEFAULT_STATE = "asl-agent.json";
    static final String DEFAULT_BUILD = "asl-agent-1.0";
    static final Set<String> PLATFORMS = Set.of("VMWARE", "HYPERV", "KVM", "XEN", "AZURE", "AWS", "GCP", "OCI", "NUTANIX");
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern BUILD = Pattern.compile("[A-Za-z0-9._+-]{1,64}");

    private static final Set<String> COMMON = Set.of("state", "timeout", "servers", "ca-file", "key", "key-file");
    private static final Map<String, Set<String>> VALUED = Map.of(
            "activate", union(COMMON, "platform", "mac", "license-type", "hostname", "build", "replaces"),
            "run", union(COMMON, "max-duration"),
            "kill", COMMON,
            "status", Set.of("state"),
            "check", union(COMMON, "platform"),
            "fleet", union(COMMON, "platform", "build", "license-type", "count", "rate", "duration", "heartbeat-interval",
                    "mac-prefix", "max-in-flight", "journal"));
    private static final Map<String, Set<String>> FLAGS = Map.of(
            "activate", Set.of(), "run", Set.of("once"), "kill", Set.of(), "status", Set.of(), "check", Set.of(),
            "fleet", Set.of("kill-at-end", "quiet"));

    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;
    Options options;
    private Trust trust;

    Agent(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        // On one or two CPUs the common pool has one worker or none, and CompletableFuture's default async executor then
        // starts a new thread per task; java.net.http hands every response to that executor, which would mean a thread
        // per request in fleet. Two common-pool workers avoid it (set before anything uses the pool).
        if (System.getProperty(PARALLELISM) == null && Runtime.getRuntime().availableProcessors() < 3) {
            System.setProperty(PARALLELISM, "2");
        }
        System.exit(run(args, System.out, System.err));
    }

    private static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /** Runs one command; returns its exit code (see {@link Exit}). */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Agent agent = new Agent(out, err, env);
        try {
            return agent.dispatch(args);
        } catch (Options.Usage | IllegalArgumentException e) {
            err.println("asl-agent: " + e.getMessage());
            err.println("Run 'asl-agent help' for the commands and options.");
            return Exit.USAGE;
        } catch (IOException e) {
            err.println("asl-agent: " + e.getMessage());
            return Exit.ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("asl-agent: interrupted");
            return Exit.ERROR;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int dispatch(String[] args) throws IOException, InterruptedException {
        if (args.length == 0) {
            err.print(USAGE);
            return Exit.USAGE;
        }
        String command = args[0];
        if (command.equals("help") || command.equals("--help") || command.equals("-h")) {
            out.print(USAGE);
            out.print(Exit.TABLE);
            return Exit.OK;
        }
        if (!VALUED.containsKey(command)) {
            throw new Options.Usage("unknown command '" + command + "'");
        }
        options = Options.parse(args, 1, VALUED.get(command), FLAGS.get(command));
        if (options.has("ca-file")) {
            trust(null); // a missing CA file, or one without a certificate, is a usage error before anything else
        }
        return switch (command) {
            case "activate" -> activate();
            case "run" -> new RunCommand(this).run();
            case "kill" -> kill();
            case "status" -> status();
            case "check" -> new CheckCommand(this).run();
            case "fleet" -> new Fleet(this).run();
            default -> throw new IllegalStateException(command);
        };
    }

    // ------------------------------------------------------------------ shared helpers

    Path statePath() {
        return Path.of(options.get("state", DEFAULT_STATE));
    }

    AgentState loadState() throws IOException {
        return AgentState.load(statePath());
    }

    void save(AgentState state) throws IOException {
        state.save(statePath());
    }

    /** --servers, else the state's list; the state remembers the last one that answered. */
    Servers servers(AgentState state) {
        List<URI> bases;
        if (options.has("servers")) {
            bases = Servers.parse(options.get("servers"));
        } else if (state != null && !state.servers.isEmpty()) {
            bases = state.servers.stream().map(Servers::base).toList();
        } else {
            throw new Options.Usage("no server addresses: give --servers http://host:8080[,https://host2:8443]");
        }
        return new Servers(bases, state == null ? null : state.lastServer);
    }

    /** --key, --key-file, environment ASL_APPLIANCE_KEY, or the one stored in the state; null when none. */
    String key(AgentState state) throws IOException {
        if (options.has("key")) {
            return options.get("key");
        }
        if (options.has("key-file")) {
            return Files.readString(Path.of(options.get("key-file")), StandardCharsets.UTF_8).strip();
        }
        String fromEnv = env.get("ASL_APPLIANCE_KEY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        return state == null ? null : state.applianceKey;
    }

    String requireKey(AgentState state) throws IOException {
        String key = key(state);
        if (key == null || key.isEmpty()) {
            throw new Options.Usage("no appliance key: give --key KEY, --key-file FILE or set ASL_APPLIANCE_KEY");
        }
        return key;
    }

    static String platform(String text) {
        String platform = text.strip().toUpperCase(Locale.ROOT);
        if (!PLATFORMS.contains(platform)) {
            throw new Options.Usage("unknown platform '" + text + "' (one of VMWARE, HYPERV, KVM, XEN, AZURE, AWS, GCP, OCI, NUTANIX)");
        }
        return platform;
    }

    static String build(String text) {
        if (!BUILD.matcher(text).matches()) {
            throw new Options.Usage("--build must be 1 to 64 characters of letters, digits, '.', '_', '+' or '-'");
        }
        return text;
    }

    Duration requestTimeout() {
        return options.duration("timeout", REQUEST_TIMEOUT);
    }

    /**
     * What https:// servers are verified against: --ca-file, else the CA file kept in the state, else the system trust
     * store ({@code --ca-file ''} chooses the system trust store). A CA file that is missing or holds no certificate is
     * a usage error naming it. Loaded once per command.
     */
    Trust trust(AgentState state) {
        if (trust == null) {
            if (options.has("ca-file")) {
                String file = options.get("ca-file").strip();
                trust = file.isEmpty() ? Trust.SYSTEM : Trust.caFile(Path.of(file), "--ca-file");
            } else if (state != null && state.caFile != null && !state.caFile.isBlank()) {
                try {
                    trust = Trust.caFile(Path.of(state.caFile), "CA file");
                } catch (Options.Usage e) {
                    throw new Options.Usage(e.getMessage() + " (kept in the state file " + statePath() + " by an earlier --ca-file;"
                            + " give --ca-file PEM to replace it, or --ca-file '' for the system trust store)");
                }
            } else {
                trust = Trust.SYSTEM;
            }
        }
        return trust;
    }

    /** Keeps a --ca-file given on this command line in the state, as the server list is kept. */
    void rememberTrust(AgentState state) {
        if (options.has("ca-file")) {
            Path file = trust(state).caFile();
            state.caFile = file == null ? null : file.toString();
        }
    }

    ApplianceClient client(AgentState state, Servers servers, Signer signer) {
        Duration timeout = requestTimeout();
        Duration connect = timeout.compareTo(CONNECT_TIMEOUT) < 0 ? timeout : CONNECT_TIMEOUT;
        return new ApplianceClient(servers, signer, connect, timeout, trust(state));
    }

    LeaseVerifier verifier(AgentState state, ApplianceClient client) {
        JWKSet cached = null;
        if (state.leaseKeys != null) {
            try {
                cached = JWKSet.parse(state.leaseKeys);
            } catch (java.text.ParseException ignored) {
                // fetched again
            }
        }
        return new LeaseVerifier(cached, () -> {
            Answer keys = client.plain("GET", "/api/v1/lease-keys");
            if (keys.status() != 200) {
                throw new IOException(keys.server() + " answered " + keys.describe());
            }
            return JWKSet.parse(keys.body());
        });
    }

    /** Prints a refusal with its problem code and detail; the exit code is the code's. */
    int refused(String what, Answer answer) {
        err.println(what + " refused by " + answer.server() + ": " + answer.describe());
        return Exit.forProblem(answer.problemCode());
    }

    int noServer(String what, NoServerAnswered e) {
        err.println(what + ": no server answered");
        for (String reason : e.reasons()) {
            err.println("  " + reason);
        }
        return Exit.NO_SERVER;
    }

    static String hostnameFor(String mac) {
        return "lm-" + mac.replace(":", "").toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ activate

    private int activate() throws IOException {
        AgentState state = loadState();
        Servers servers = servers(state);
        String key = requireKey(state);
        String platformText = options.get("platform", state.platform);
        if (platformText == null) {
            throw new Options.Usage("missing --platform (VMWARE, HYPERV, KVM, XEN, AZURE, AWS, GCP, OCI or NUTANIX)");
        }
        String platform = platform(platformText);
        String macText = options.get("mac", state.mac);
        if (macText == null) {
            throw new Options.Usage("missing --mac (e.g. 00:50:56:AB:CD:EF)");
        }
        String mac = MacAddress.canonical(macText);
        String build = build(options.get("build", state.build == null ? DEFAULT_BUILD : state.build));
        String hostname = options.get("hostname", state.hostname == null || !mac.equals(state.mac) ? hostnameFor(mac) : state.hostname);
        ApplianceClient client = client(state, servers, new Signer(key, platform, build));

        String licenseType = options.get("license-type");
        if (licenseType == null) {
            return listTypes(client, platform);
        }
        licenseType = licenseType.strip().toUpperCase(Locale.ROOT);
        if (state.activated() && state.mac != null && !state.mac.equals(mac) && options.get("replaces") == null) {
            out.println("note: the state held instance " + state.instanceId + " of MAC " + state.mac
                    + "; it is replaced here (that instance keeps its seat until killed or released)");
        }
        jakarta.json.JsonObjectBuilder request = Jsons.PROVIDER.createObjectBuilder().add("mac", mac).add("platform", platform)
                .add("hostname", hostname).add("licenseType", licenseType).add("build", build);
        String replacesFile = options.get("replaces");
        if (replacesFile != null) {
            // the appliance's MAC changed: the instance of that (earlier) state file moves to this MAC, seat and all
            AgentState previous = AgentState.load(Path.of(replacesFile));
            if (!previous.activated()) {
                throw new Options.Usage("--replaces " + replacesFile + ": that state file holds no activated instance");
            }
            request.add("replaces", Jsons.PROVIDER.createObjectBuilder().add("instanceId", previous.instanceId)
                    .add("instanceToken", previous.instanceToken));
        }
        JsonObject body = request.build();
        Answer answer;
        try {
            answer = client.signed("POST", "/api/v1/activations", Jsons.compact(body).getBytes(StandardCharsets.UTF_8), null);
        } catch (NoServerAnswered e) {
            return noServer("activation", e);
        }
        if (answer.status() != 200 && answer.status() != 201) {
            return refused("activation", answer);
        }
        JsonObject json = answer.json();
        String instanceId = Jsons.string(json, "instanceId");
        String token = Jsons.string(json, "instanceToken");
        if (instanceId == null || token == null) {
            err.println("activation: " + answer.server() + " answered " + answer.status() + " without instanceId or instanceToken");
            return Exit.ERROR;
        }
        boolean again = answer.status() == 200;
        state.servers = servers.all().stream().map(URI::toString).toList();
        state.lastServer = answer.server().toString();
        rememberTrust(state);
        state.platform = platform;
        state.build = build;
        state.mac = mac;
        state.hostname = hostname;
        state.applianceKey = key;
        if (!instanceId.equals(state.instanceId) || state.activatedAt == null) {
            state.activatedAt = Instant.now();
        }
        state.instanceId = instanceId;
        state.instanceToken = token;
        state.licenseType = Jsons.string(json, "licenseType");
        state.status = Jsons.string(json, "status");
        Long interval = Jsons.number(json, "heartbeatIntervalSeconds");
        state.heartbeatIntervalSeconds = interval == null ? null : interval.intValue();
        state.lastHeartbeatAt = null;
        state.note = null;
        state.lease = null;
        state.leaseExpiresAt = null;
        LeaseVerifier verifier = verifier(state, client);
        String refusal = null;
        try {
            LeaseVerifier.Lease lease = verifier.verify(Jsons.string(json, "lease") == null ? "" : Jsons.string(json, "lease"), instanceId, mac);
            state.lease = lease.jws();
            state.leaseExpiresAt = lease.expiresAt();
        } catch (LeaseVerifier.Refused e) {
            refusal = e.getMessage();
        }
        if (verifier.keysChanged()) {
            state.leaseKeys = verifier.keys().toString(true);
        }
        save(state);
        out.println((again ? "re-activated (this MAC was already active): instance " : "activated: instance ") + instanceId
                + ", license type " + state.licenseType + ", via " + answer.server());
        if (refusal != null) {
            err.println("lease refused: " + refusal + " (the appliance holds no valid lease; 'run' gets a new one)");
            return Exit.LEASE_REFUSED;
        }
        out.println("lease expires at " + Text.time(state.leaseExpiresAt) + " (" + Text.relative(state.leaseExpiresAt, Instant.now())
                + "); heartbeat every " + state.heartbeatIntervalSeconds + " s; state in " + statePath());
        return Exit.OK;
    }

    private int listTypes(ApplianceClient client, String platform) {
        Answer answer;
        try {
            answer = client.signed("GET", "/api/v1/license-types?platform=" + platform, null, null);
        } catch (NoServerAnswered e) {
            return noServer("listing license types", e);
        }
        if (answer.status() != 200) {
            return refused("listing license types", answer);
        }
        JsonArray types = Jsons.arrayOrNull(answer.body());
        if (types == null) {
            err.println("listing license types: " + answer.server() + " answered something other than a JSON array");
            return Exit.ERROR;
        }
        if (types.isEmpty()) {
            out.println("No license types are offered for " + platform + " (" + answer.server() + ").");
            return Exit.OK;
        }
        out.println("License types offered for " + platform + " (" + answer.server() + "):");
        out.println(String.format(Locale.ROOT, "  %-20s %9s %6s %6s  %s", "CODE", "AVAILABLE", "SEATS", "USED", "NAME"));
        for (JsonValue value : types) {
            if (value instanceof JsonObject type) {
                out.println(String.format(Locale.ROOT, "  %-20s %9s %6s %6s  %s", Jsons.string(type, "code"), number(type, "available"),
                        number(type, "seats"), number(type, "used"), Jsons.string(type, "name")));
            }
        }
        out.println("Activate with --license-type CODE.");
        return Exit.OK;
    }

    private static String number(JsonObject object, String name) {
        Long value = Jsons.number(object, name);
        return value == null ? "-" : value.toString();
    }

    // ------------------------------------------------------------------ kill

    private int kill() throws IOException {
        AgentState state = loadState();
        if (!state.activated()) {
            err.println("not activated: there is no instance to kill" + (state.note == null ? "" : " (" + state.note + ")"));
            return Exit.NOT_ACTIVATED;
        }
        Servers servers = servers(state);
        String platform = state.platform == null ? "VMWARE" : state.platform;
        ApplianceClient client = client(state, servers,
                new Signer(requireKey(state), platform, state.build == null ? DEFAULT_BUILD : state.build));
        Answer answer;
        try {
            answer = client.signed("DELETE", "/api/v1/instances/" + state.instanceId, null, state.instanceToken);
        } catch (NoServerAnswered e) {
            return noServer("kill", e);
        }
        String id = state.instanceId;
        if (answer.status() == 204 || answer.status() == 200) {
            state.clearInstance("killed at " + Text.time(Instant.now()));
            state.lastServer = answer.server().toString();
            save(state);
            out.println("killed: instance " + id + " deregistered via " + answer.server() + "; its seat is free; the appliance needs activation");
            return Exit.OK;
        }
        if (answer.status() == 410) {
            state.clearInstance("already deregistered when killed at " + Text.time(Instant.now()));
            save(state);
            out.println("instance " + id + " was already deregistered (" + answer.describe() + "); cleared from the state");
            return Exit.OK;
        }
        return refused("kill", answer);
    }

    // ------------------------------------------------------------------ status

    private int status() throws IOException {
        Path path = statePath();
        if (!Files.exists(path)) {
            out.println("no state file " + path + ": not activated");
            return Exit.NOT_ACTIVATED;
        }
        AgentState state = loadState();
        Instant now = Instant.now();
        out.println("state file:     " + path.toAbsolutePath());
        out.println("servers:        " + (state.servers.isEmpty() ? "-" : String.join(", ", state.servers)));
        out.println("last server:    " + (state.lastServer == null ? "-" : state.lastServer));
        out.println("https trust:    " + (state.caFile == null ? "the system trust store" : "the CA file " + state.caFile
                + (Files.isReadable(Path.of(state.caFile)) ? "" : " (MISSING: give --ca-file PEM)")));
        out.println("appliance:      " + state.platform + "/" + state.build + ", MAC " + state.mac + ", host name " + state.hostname
                + ", appliance key " + (state.applianceKey == null ? "not stored" : "stored"));
        if (!state.activated()) {
            out.println("instance:       none: needs activation" + (state.note == null ? "" : " (" + state.note + ")"));
            return Exit.NOT_ACTIVATED;
        }
        out.println("instance:       " + state.instanceId + " (" + state.status + "), license type " + state.licenseType
                + ", activated at " + Text.time(state.activatedAt));
        out.println("last heartbeat: " + (state.lastHeartbeatAt == null ? "none yet" : Text.time(state.lastHeartbeatAt) + " ("
                + Text.relative(state.lastHeartbeatAt, now) + ")") + (state.heartbeatIntervalSeconds == null ? ""
                : ", interval " + state.heartbeatIntervalSeconds + " s"));
        if (state.leaseExpiresAt == null) {
            out.println("lease:          none valid");
            return Exit.LEASE_EXPIRED;
        }
        boolean valid = now.isBefore(state.leaseExpiresAt);
        out.println("lease:          " + (valid ? "valid until " : "EXPIRED at ") + Text.time(state.leaseExpiresAt) + " ("
                + (valid ? Text.span(Duration.between(now, state.leaseExpiresAt)) + " left" : Text.relative(state.leaseExpiresAt, now)) + ")");
        return valid ? Exit.OK : Exit.LEASE_EXPIRED;
    }

    // ------------------------------------------------------------------ usage

    @SafeVarargs
    private static <T> Set<T> union(Set<T> base, T... more) {
        java.util.HashSet<T> all = new java.util.HashSet<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }

    static final String USAGE = """
            asl-agent: a virtual appliance (VLM) speaking the Activation Server's appliance protocol (API.md v1)

            Usage: asl-agent COMMAND [OPTIONS]

              activate --servers URL[,URL...] --key KEY --platform PLATFORM --mac MAC [--license-type CODE]
                       [--hostname NAME] [--build BUILD] [--replaces STATE_FILE]
                  Without --license-type: lists the license types offered for the platform, activates nothing.
                  With it: activates, keeps instance, token and verified lease in the state file. What the state
                  already holds (servers, key, platform, MAC) may be left out: activating again needs --license-type.
                  --replaces: this appliance's MAC changed; the instance of that earlier state file (its seat,
                  network, access settings and history) moves to --mac instead of a second seat being taken.
              run [--once] [--max-duration PT1H]
                  Heartbeats at the interval the server gives, keeps the newest lease that verifies against
                  /api/v1/lease-keys. With no server answering it keeps running until the lease's exp, then stops
                  (exit 5). On 410 ASL_DEREGISTERED it forgets the instance (exit 6): activate again.
                  --once: one heartbeat, then exit.
              kill
                  Kill LoadMaster: DELETE /api/v1/instances/{id}, then the state needs activation again.
              status
                  Instance, license type, lease expiry and time left, last server used.
              check [--servers ...] [--ca-file PEM] [--key KEY] [--platform PLATFORM]
                  Troubleshooting, one line each: DNS, ping, clock, appliance key (and the held lease).
              fleet --servers ... --key KEY --count N --rate R --duration D [--license-type CODE] [--platform P]
                    [--heartbeat-interval PT1S] [--mac-prefix 02:AB:CD] [--max-in-flight 128] [--kill-at-end] [--quiet]
                    [--journal FILE]
                  N simulated appliances in one process (asynchronous HTTP, no thread per appliance): at most R
                  activations per second, then heartbeats; progress every second, a summary at the end.
                  --journal FILE: one line per answered activation and kill, as the appliance saw it
                  ("activation STATUS MAC INSTANCE-ID SERVER", "kill STATUS MAC INSTANCE-ID SERVER"), to compare with the
                  server's records (never a token).

            Options for every command:
              --state FILE        the state file (default ./asl-agent.json, written atomically, mode 600)
              --servers URLS      comma-separated addresses, http://host:8080 or https://host:8443; a refused
                                  connection, a timeout, a certificate that does not verify or a 5xx moves on to
                                  the next, and the last one that answered is tried first
              --ca-file PEM       verify https:// servers against the CA certificate(s) in this PEM file (one or
                                  more -----BEGIN CERTIFICATE----- blocks, like curl --cacert) instead of the
                                  system trust store; the host name is verified either way. activate and run keep
                                  its path in the state file; a new --ca-file replaces it, --ca-file '' goes back
                                  to the system trust store. A missing file or one without a certificate: exit 2.
              --key KEY           the appliance key; or --key-file FILE, or the environment variable
                                  ASL_APPLIANCE_KEY; activate stores it in the state file. Never printed.
              --timeout PT5S      request timeout per address (connect timeout: 3 s at most)
              MAC: 00:50:56:AB:CD:EF, 00-50-56-ab-cd-ef or 005056ABCDEF.  Durations: ISO-8601 (PT30S) or seconds.

            HTTPS: a server certificate that does not verify fails that address (never a fallback to another trust
            store or to http); with no server answering, every address's reason is printed, e.g.
              https://h1:8443: certificate not trusted (PKIX path building failed: unable to find valid certification
                               path to requested target); give --ca-file PEM for a private CA
              https://h2:8443: certificate does not match host name (No subject alternative DNS name matching h2
                               found.); use an address the certificate names
              https://h3:8443: certificate expired (NotAfter: ...)

            """;
}
