package net.activationserver.it;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP receiver of webhooks on 127.0.0.1, as an operator's would be: it verifies each request's signature with
 * the Standard Webhooks library and the endpoint's secret, keeps what it got, and answers 204. It can be stopped and
 * started again on the same port.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    record Received(String id, long timestamp, String signature, String body, boolean verified) {
        JsonObject payload() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        String type() {
            return payload().getString("type");
        }
    }

    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile String secret;
    private HttpServer server;

    WebhookReceiver() throws IOException {
        this.port = ServerProcess.freePort();
        start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    void secret(String secret) {
        this.secret = secret;
    }

    List<Received> received() {
        return received;
    }

    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.createContext("/", exchange -> {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            String body = new String(bytes, StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values));
            boolean verified;
            try {
                new Webhook(secret).verify(body, headers);
                verified = true;
            } catch (Exception e) {
                verified = false;
            }
            received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                    Long.parseLong(exchange.getRequestHeaders().getFirst("webhook-timestamp")),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, verified));
            exchange.sendResponseHeaders(verified ? 204 : 400, -1);
            exchange.close();
        });
        server.start();
    }

    void stop() {
        server.stop(0);
    }

    @Override
    public void close() {
        stop();
    }
}
