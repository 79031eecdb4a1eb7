package net.activationserver.devserver;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * The README's run command ({@code mvn -Prun package}): Payara Micro with the packaged WAR, on an embedded MariaDB
 * under ./data when ASL_DB_URL is not set, in the demo profile unless ASL_DEMO says otherwise.
 * Stops both on Ctrl+C.
 */
public final class DevServer {

    private DevServer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        int port = Integer.parseInt(env.getOrDefault("ASL_HTTP_PORT", "8080"));
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", "target/payara-micro.jar",
                "--deploy", "target/activation-server.war", "--contextroot", "/", "--port", Integer.toString(port), "--nocluster",
                "--prebootcommandfile", "payara-config/pre-boot-commands.asadmin",
                "--postbootcommandfile", "payara-config/post-boot-commands.asadmin"));
        ProcessBuilder payara = new ProcessBuilder(command).inheritIO();
        EmbeddedMariaDb db = null;
        if (env.get("ASL_DB_URL") == null || env.get("ASL_DB_URL").isBlank()) {
            int dbPort = Integer.parseInt(env.getOrDefault("ASL_DEV_DB_PORT", "3316"));
            System.out.println("ASL_DB_URL is not set: starting an embedded MariaDB on port " + dbPort + " with its data in ./data");
            db = EmbeddedMariaDb.start(dbPort, new File("data/mariadb"), "asl");
            payara.environment().put("ASL_DB_URL", db.url("asl"));
            payara.environment().put("ASL_DB_USER", "root");
            payara.environment().put("ASL_DB_PASSWORD", "");
        }
        payara.environment().putIfAbsent("ASL_DEMO", "true");
        Process server = payara.start();
        EmbeddedMariaDb database = db;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.destroy();
            try {
                server.waitFor();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            if (database != null) {
                database.stop();
            }
        }));
        if (waitUntilUp(port, server)) {
            System.out.println("\n=== Activation Server is up: http://localhost:" + port + "/ ===");
            System.out.println("Appliance API: http://localhost:" + port + "/api/v1/  OpenAPI: http://localhost:" + port + "/openapi");
            System.out.println("The admin login and the appliance key are in the 'demo profile' lines above (printed at the first start).");
            System.out.println("Stop with Ctrl+C.\n");
        }
        int exit = server.waitFor();
        System.exit(exit);
    }

    /** Waits until the server answers its ping (true), or has ended or not answered within three minutes (false). */
    private static boolean waitUntilUp(int port, Process server) {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/ping")).build();
        try {
            await("the server answering its ping").atMost(Duration.ofMinutes(3)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions() // still starting
                    .until(() -> !server.isAlive() || client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        } catch (ConditionTimeoutException notUp) {
            return false;
        }
        return server.isAlive();
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
