package net.activationserver.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A Payara Micro process running the packaged WAR with a given environment, as an operator starts it. */
public final class PayaraProcess implements AutoCloseable {

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final int port;

    private PayaraProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                try (java.io.PrintWriter log = new java.io.PrintWriter(new File("target/payara-" + port + ".log"), StandardCharsets.UTF_8)) {
                    while ((line = lines.readLine()) != null) {
                        output.add(line);
                        log.println(line);
                        log.flush();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the WAR with only the given ASL_* settings (none inherited from the test run). */
    public static PayaraProcess start(Map<String, String> settings) throws IOException {
        return start(settings, List.of());
    }

    /** As {@link #start(Map)}, with options for the server's JVM (heap size, for instance). */
    public static PayaraProcess start(Map<String, String> settings, List<String> jvmOptions) throws IOException {
        int port = freePort();
        List<String> command = new java.util.ArrayList<>();
        command.add(System.getProperty("java.home") + "/bin/java");
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", System.getProperty("payara.microJar", "target/payara-micro.jar"), "--deploy",
                System.getProperty("it.war", "target/activation-server.war"), "--contextroot", "/", "--port", Integer.toString(port),
                "--nocluster", "--rootdir", new File("target/payara-" + port).getAbsolutePath()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // also kept whole in target/payara-PORT.log for reading after a failure
        builder.environment().keySet().removeIf(name -> name.startsWith("ASL_"));
        builder.environment().putAll(settings);
        return new PayaraProcess(builder.start(), port);
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Waits for an output line matching, and returns it. */
    public String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        Instant giveUp = Instant.now().plus(timeout);
        int seen = 0;
        while (Instant.now().isBefore(giveUp)) {
            for (; seen < output.size(); seen++) {
                if (wanted.test(output.get(seen))) {
                    return output.get(seen);
                }
            }
            if (!process.isAlive() && seen >= output.size()) {
                break;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no such line within " + timeout + "; last output:\n"
                + String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size())));
    }

    /** Waits until the application answers /api/v1/ping (the deployment is complete). */
    public void awaitServing(Duration timeout) throws InterruptedException {
        Http http = new Http(base());
        Instant giveUp = Instant.now().plus(timeout);
        while (Instant.now().isBefore(giveUp) && process.isAlive()) {
            try {
                if (http.plain("GET", "api/v1/ping", null, null).status() == 200) {
                    return;
                }
            } catch (IllegalStateException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not serving within " + timeout + "; last output:\n"
                + String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size())));
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

    public void kill() {
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
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
