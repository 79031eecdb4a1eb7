package net.activationserver.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * A server process running the packaged WAR with a given environment, as an operator starts it: Payara Micro
 * ({@link PayaraProcess}), WildFly ({@link WildFlyProcess}) or Payara Server ({@link PayaraServerProcess}), whichever
 * the tests run on ({@link Fixtures#runtime()}).
 */
public abstract class ServerProcess implements AutoCloseable {

    final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    /** The whole output, also kept in target/NAME-PORT.log for reading after a failure. */
    private final java.io.PrintWriter log;
    final int port;
    /** The HTTPS port, when the settings gave the server a keystore ({@code ASL_TLS_KEYSTORE}); 0 otherwise. */
    int httpsPort;

    ServerProcess(Process process, int port, String logName) throws IOException {
        this.process = process;
        this.port = port;
        this.log = new java.io.PrintWriter(new File("target/" + logName + "-" + port + ".log"), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    record(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Keeps a line of the server's output (or of a command run for it) for {@link #awaitLine} and in the log file. */
    final void record(String line) {
        output.add(line);
        synchronized (log) {
            log.println(line);
            log.flush();
        }
    }

    /** Starts the WAR with only the given ASL_* settings (none inherited from the test run) on the tests' runtime. */
    public static ServerProcess start(Map<String, String> settings) throws IOException {
        return start(settings, List.of());
    }

    /** As {@link #start(Map)}, with options for the server's JVM (heap size, for instance). */
    public static ServerProcess start(Map<String, String> settings, List<String> jvmOptions) throws IOException {
        return switch (Fixtures.runtime()) {
            case "wildfly" -> WildFlyProcess.start(settings, jvmOptions);
            case "payara-server" -> PayaraServerProcess.start(settings, jvmOptions);
            default -> PayaraProcess.start(settings, jvmOptions);
        };
    }

    /** The environment of a server process: this one's, without any ASL_* variable, then the given settings. */
    static void environment(ProcessBuilder builder, Map<String, String> settings) {
        builder.environment().keySet().removeIf(name -> name.startsWith("ASL_"));
        builder.environment().putAll(settings);
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Where MicroProfile Health answers: the HTTP port on Payara, the management interface on WildFly. */
    public URI healthBase() {
        return base();
    }

    /** The HTTPS address, by the name the test certificates are made for. */
    public URI httpsBase() {
        if (httpsPort == 0) {
            throw new IllegalStateException("this server was started without ASL_TLS_KEYSTORE");
        }
        return URI.create("https://localhost:" + httpsPort + "/");
    }

    /** Waits for an output line matching, and returns it; gives up early when the process has ended without it. */
    public String awaitLine(Predicate<String> wanted, Duration timeout) {
        Supplier<Optional<String>> found = () -> output.stream().filter(wanted).findFirst();
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> found.get().isPresent() || !process.isAlive());
        } catch (ConditionTimeoutException e) {
            // reported below
        }
        if (found.get().isEmpty() && !process.isAlive()) {
            try { // the process ended: its last lines may still be on their way from the reader
                await().atMost(Duration.ofSeconds(3)).until(() -> found.get().isPresent());
            } catch (ConditionTimeoutException e) {
                // reported below
            }
        }
        return found.get().orElseThrow(() -> new AssertionError("no such line within " + timeout + "; last output:\n" + tail()));
    }

    /** Waits until the application answers /api/v1/ping (the deployment is complete), or the process has ended. */
    public void awaitServing(Duration timeout) {
        Http http = new Http(base());
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(500)).ignoreException(IllegalStateException.class)
                    .until(() -> !process.isAlive() || http.plain("GET", "api/v1/ping", null, null).status() == 200);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not serving within " + timeout + "; last output:\n" + tail());
        }
        if (!process.isAlive()) {
            throw new AssertionError("the server ended before serving; last output:\n" + tail());
        }
    }

    private String tail() {
        List<String> lines = List.copyOf(output);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    public List<String> output() {
        return List.copyOf(output);
    }

    /** The server JVM's process id (for ps, jcmd, /proc). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Ends the server at once (SIGKILL), with whatever it started (WildFly runs its JVM under a script). */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The operating system's view of the process: its pid and the executable it runs (the JVM itself, no wrapper). */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Waits for the process to end and returns its exit value (137 = 128 + SIGKILL). */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
        process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        log.close();
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
