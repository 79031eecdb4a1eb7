package net.activationserver.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A WildFly node running the packaged WAR, as an operator runs one: the server the build unpacked and configured with
 * wildfly-config/configure.cli ({@code wildfly.home}), the WAR copied into {@code deployments/} as ROOT.war, settings
 * from the environment, started with {@code bin/standalone.sh}. Each process has its own copy of {@code standalone/}
 * (so several nodes run side by side) and its own port offset.
 */
public final class WildFlyProcess extends ServerProcess {

    private WildFlyProcess(Process process, int port) throws IOException {
        super(process, port, "wildfly");
    }

    /** Starts a node with only the given ASL_* settings (none inherited from the test run). */
    public static WildFlyProcess start(Map<String, String> settings, List<String> jvmOptions) throws IOException {
        Path home = Path.of(System.getProperty("wildfly.home", "target/wildfly/wildfly-39.0.1.Final")).toAbsolutePath();
        int offset = freeOffset();
        int port = 8080 + offset;
        Path base = Path.of("target/wildfly-" + port).toAbsolutePath();
        copy(home.resolve("standalone/configuration"), base.resolve("configuration"));
        Files.createDirectories(base.resolve("deployments"));
        Files.copy(Path.of(System.getProperty("it.war", "target/activation-server.war")), base.resolve("deployments/ROOT.war"),
                StandardCopyOption.REPLACE_EXISTING);
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + offset)
                .redirectErrorStream(true);
        Map<String, String> environment = new HashMap<>(settings);
        // WildFly's data source refuses an empty password; the embedded test MariaDB checks none
        environment.merge("ASL_DB_PASSWORD", System.getProperty("it.db.server-password", "a-server-needs-a-password"),
                (given, fallback) -> given.isEmpty() ? fallback : given);
        if (settings.containsKey("ASL_TLS_KEYSTORE")) {
            environment.putIfAbsent("ASL_HTTPS_PORT", Integer.toString(8443 + offset));
        }
        environment(builder, environment);
        builder.environment().put("JAVA_OPTS", String.join(" ", Stream.concat(Stream.of("-Xmx1g"), jvmOptions.stream()).toList()));
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        WildFlyProcess server = new WildFlyProcess(builder.start(), port);
        server.httpsPort = settings.containsKey("ASL_TLS_KEYSTORE") ? 8443 + offset : 0;
        return server;
    }

    /** A port offset whose HTTP, HTTPS and management ports are all free. */
    private static int freeOffset() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int offset = freePort() - 8080;
            if (offset > 0 && offset + 9993 < 65536 && Stream.of(8080, 8443, 9990, 9993).allMatch(p -> isFree(p + offset))) {
                return offset;
            }
        }
        throw new IOException("no free port offset for WildFly");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(file -> {
                try {
                    Path target = to.resolve(from.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Override
    public URI healthBase() {
        return managementBase(port - 8080);
    }

    /** WildFly's management interface (where it serves MicroProfile Health) of a server moved by this port offset. */
    static URI managementBase(int offset) {
        return URI.create("http://127.0.0.1:" + (9990 + offset) + "/");
    }

    /** The server's JVM, which standalone.sh starts and waits for. */
    @Override
    public ProcessHandle handle() {
        return process.descendants().filter(p -> p.info().command().orElse("").endsWith("/bin/java")).findFirst()
                .orElse(process.toHandle());
    }

    @Override
    public String toString() {
        return "WildFly on " + base() + " (" + new File("target/wildfly-" + port + ".log") + ")";
    }
}
