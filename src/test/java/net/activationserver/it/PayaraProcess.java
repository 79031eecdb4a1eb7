package net.activationserver.it;

import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A Payara Micro process running the packaged WAR with a given environment, as an operator starts it. */
public final class PayaraProcess extends ServerProcess {

    private PayaraProcess(Process process, int port) throws IOException {
        super(process, port, "payara");
    }

    /** Starts the WAR with only the given ASL_* settings (none inherited from the test run). */
    public static PayaraProcess start(Map<String, String> settings) throws IOException {
        return start(settings, List.of());
    }

    /**
     * As {@link #start(Map)}, with options for the server's JVM (heap size, for instance). Started with
     * bin/asl-payara-micro, the README's command, which takes everything from the environment.
     */
    public static PayaraProcess start(Map<String, String> settings, List<String> jvmOptions) throws IOException {
        int port = freePort();
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("ASL_HTTP_PORT", Integer.toString(port));
        environment.put("ASL_PAYARA_MICRO", System.getProperty("payara.microJar", "target/payara-micro.jar"));
        environment.put("ASL_WAR", System.getProperty("it.war", "target/activation-server.war"));
        environment.put("ASL_PAYARA_ROOT", new File("target/payara-" + port).getAbsolutePath());
        environment.put("ASL_JAVA_OPTS", String.join(" ", jvmOptions));
        int httpsPort = 0;
        if (settings.containsKey("ASL_TLS_KEYSTORE")) {
            httpsPort = freePort();
            environment.putIfAbsent("ASL_HTTPS_PORT", Integer.toString(httpsPort));
        }
        ProcessBuilder builder = new ProcessBuilder(new File("bin/asl-payara-micro").getAbsolutePath()).redirectErrorStream(true);
        // also kept whole in target/payara-PORT.log for reading after a failure
        environment(builder, environment);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        PayaraProcess server = new PayaraProcess(builder.start(), port);
        server.httpsPort = httpsPort;
        return server;
    }
}
