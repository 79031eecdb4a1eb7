package net.activationserver.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A Payara Server domain running the packaged WAR, as the README has an operator set one up: a domain of its own
 * ({@code asadmin create-domain}, ports from a free port base), started with the ASL_* settings in its environment
 * ({@code asadmin start-domain}, kept in the foreground so its log is this process's output), then
 * {@code payara-config/payara-server-setup.sh} (metrics service off, HTTPS from ASL_TLS_*, deploy at /) and, when it
 * configured HTTPS, {@code asadmin restart-domain}. The server is the one the build unpacked ({@code payara-server.home}).
 */
public final class PayaraServerProcess extends ServerProcess {

    /** The port base's offsets that Payara Server uses: admin, HTTP, HTTPS, IIOP (3), JMS, OSGi shell, JMX, Hazelcast. */
    private static final int[] OFFSETS = {48, 80, 81, 37, 38, 39, 76, 66, 86, 49, 59};
    private static final Duration COMMAND = Duration.ofMinutes(4);
    /** Tells apart the domains of one run: a port base may be taken again once its domain has stopped. */
    private static final java.util.concurrent.atomic.AtomicInteger DOMAINS = new java.util.concurrent.atomic.AtomicInteger();

    private final Path domains;
    private final String domain;
    private final int adminPort;
    private final Map<String, String> settings;

    private PayaraServerProcess(Process process, int portBase, Path domains, String domain, Map<String, String> settings)
            throws IOException {
        super(process, portBase + 80, "payara-server");
        this.domains = domains;
        this.domain = domain;
        this.adminPort = portBase + 48;
        this.settings = settings;
        this.httpsPort = settings.containsKey("ASL_TLS_KEYSTORE") ? portBase + 81 : 0;
    }

    /** Starts a domain with only the given ASL_* settings, and deploys the packaged WAR with the setup script. */
    public static PayaraServerProcess start(Map<String, String> settings, List<String> jvmOptions) throws IOException {
        if (!jvmOptions.isEmpty()) {
            throw new IllegalArgumentException("JVM options are a domain's configuration on Payara Server: " + jvmOptions);
        }
        PayaraServerProcess server = startDomain(settings);
        server.deploy(new File(System.getProperty("it.war", "target/activation-server.war")));
        return server;
    }

    /** Creates and starts a domain with the given settings (the database's password made non-empty), without the WAR. */
    static PayaraServerProcess startDomain(Map<String, String> given) throws IOException {
        int portBase = freePortBase();
        String domain = "asl-" + portBase + "-" + DOMAINS.incrementAndGet();
        Path domains = Path.of("target/payara-server-domains").toAbsolutePath();
        run(List.of(asadmin(), "create-domain", "--domaindir", domains.toString(), "--portbase", Integer.toString(portBase),
                "--nopassword=true", domain), Map.of(), line -> { });
        Map<String, String> settings = new HashMap<>(given);
        // the domain runs in its own config folder: a file named relative to the project is named absolutely, as the
        // README asks of operators on Payara Server
        settings.replaceAll((name, value) -> !value.isEmpty() && !value.startsWith("/") && new File(value).isFile()
                ? new File(value).getAbsolutePath() : value);
        // Payara Server's data source, like WildFly's, takes no empty password; the embedded test MariaDB checks none
        settings.merge("ASL_DB_PASSWORD", System.getProperty("it.db.server-password", "a-server-needs-a-password"),
                (value, fallback) -> value.isEmpty() ? fallback : value);
        if (settings.containsKey("ASL_TLS_KEYSTORE")) {
            settings.putIfAbsent("ASL_HTTPS_PORT", Integer.toString(portBase + 81));
        }
        ProcessBuilder builder = new ProcessBuilder(asadmin(), "start-domain", "--verbose", "--domaindir", domains.toString(), domain)
                .redirectErrorStream(true);
        environment(builder, settings);
        builder.environment().put("AS_JAVA", System.getProperty("java.home"));
        PayaraServerProcess server = new PayaraServerProcess(builder.start(), portBase, domains, domain, settings);
        server.awaitLine(line -> line.contains("startup time"), COMMAND);
        return server;
    }

    /**
     * Runs the setup script with this domain's settings and the given WAR, as the README says, then restarts the domain
     * when the script configured HTTPS. A failed deployment is not an exception here: its reasons are in the output.
     *
     * @return whether the WAR was deployed
     */
    boolean deploy(File war) throws IOException {
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("AS_ADMIN_PORT", Integer.toString(adminPort));
        int exit = run(List.of(new File("payara-config/payara-server-setup.sh").getAbsolutePath(),
                Path.of(asadmin()).getParent().getParent().toString(), war.getAbsolutePath()), environment, this::record);
        if (exit == 0 && settings.containsKey("ASL_TLS_KEYSTORE")) {
            run(List.of(asadmin(), "--port", Integer.toString(adminPort), "restart-domain", "--domaindir", domains.toString(), domain),
                    Map.of(), this::record);
        }
        return exit == 0;
    }

    /** Undeploys the WAR (Arquillian's undeploy), leaving the domain running. */
    void undeploy() throws IOException {
        run(List.of(asadmin(), "--port", Integer.toString(adminPort), "undeploy", "activation-server"), Map.of(), this::record);
    }

    /** Stops the domain as an operator does ({@code asadmin stop-domain}), then makes sure its processes have ended. */
    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            try {
                run(List.of(asadmin(), "stop-domain", "--domaindir", domains.toString(), domain), Map.of(), line -> { });
            } catch (IOException e) {
                // ended below
            }
        }
        super.close();
    }

    /** The domain's server JVM: the innermost java process under asadmin (whose own JVM only waits for it). */
    @Override
    public ProcessHandle handle() {
        return process.descendants().filter(p -> p.info().command().orElse("").endsWith("/bin/java"))
                .filter(p -> p.children().findAny().isEmpty()).findFirst().orElse(process.toHandle());
    }

    @Override
    public String toString() {
        return "Payara Server domain " + domain + " on " + base() + " (" + new File("target/payara-server-" + port + ".log") + ")";
    }

    private static String asadmin() {
        return Path.of(System.getProperty("payara-server.home", "target/payara-server/payara6"), "bin", "asadmin")
                .toAbsolutePath().toString();
    }

    /** Runs an administration command to its end, with only the given ASL_* settings, and returns its exit value. */
    private static int run(List<String> command, Map<String, String> settings, java.util.function.Consumer<String> lines) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        environment(builder, settings);
        builder.environment().put("AS_JAVA", System.getProperty("java.home"));
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                lines.accept(line);
            }
            if (!process.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("still running after " + COMMAND + ": " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
        if (process.exitValue() != 0 && !command.get(0).endsWith(".sh")) {
            throw new IOException(String.join(" ", command) + " failed:\n" + String.join("\n", output));
        }
        return process.exitValue();
    }

    /** A port base whose ports Payara Server takes ({@link #OFFSETS}) are all free. */
    private static int freePortBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = (freePort() / 100) * 100;
            if (base >= 10_000 && base + 100 < 65_536 && IntStream.of(OFFSETS).allMatch(offset -> isFree(base + offset))) {
                return base;
            }
        }
        throw new IOException("no free port base for Payara Server");
    }
}
