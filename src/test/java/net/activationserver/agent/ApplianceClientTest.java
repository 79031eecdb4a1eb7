package net.activationserver.agent;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failover between addresses against small local HTTP servers: refused, 5xx, too slow, and one that answers. */
class ApplianceClientTest {

    private final List<HttpServer> started = new ArrayList<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private URI server(String name, int status, long delayMillis) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(name + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " nonce="
                    + exchange.getRequestHeaders().getFirst(Signer.NONCE));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = (status >= 400 ? "{\"status\":" + status + ",\"code\":\"ASL_UNAVAILABLE\",\"detail\":\"down\"}"
                    : "{\"status\":\"UP\",\"node\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        started.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static URI closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    @AfterEach
    void stop() {
        started.forEach(server -> server.stop(0));
    }

    @Test
    void aRefusedConnectionA5xxAndATimeoutMoveOnToTheNextAddressWhichIsThenTriedFirst() throws Exception {
        URI dead = closedPort();
        URI unavailable = server("unavailable", 503, 0);
        URI slow = server("slow", 200, 3000);
        URI good = server("good", 200, 0);
        Servers servers = new Servers(List.of(dead, unavailable, slow, good), null);
        ApplianceClient client = new ApplianceClient(servers, new Signer("k", "VMWARE", "1"), Duration.ofSeconds(1), Duration.ofMillis(500));

        Answer answer = client.signed("GET", "/api/v1/license-types?platform=VMWARE", null, null);
        assertEquals(200, answer.status());
        assertEquals(good, answer.server());
        assertEquals(3, servers.preferredIndex());
        assertEquals(3, seen.size(), seen.toString());
        assertEquals(3, seen.stream().map(line -> line.substring(line.indexOf("nonce="))).distinct().count(), "a fresh nonce per attempt");

        seen.clear();
        client.plain("GET", "/api/v1/ping");
        assertEquals(List.of("good GET /api/v1/ping nonce=null"), seen, "the last good address first");
    }

    @Test
    void whenEveryAddressFailsEachReasonIsReported() throws Exception {
        URI dead = closedPort();
        URI unavailable = server("unavailable", 503, 0);
        ApplianceClient client = new ApplianceClient(new Servers(List.of(dead, unavailable), null), null, Duration.ofSeconds(1),
                Duration.ofSeconds(2));
        NoServerAnswered none = assertThrows(NoServerAnswered.class, () -> client.plain("GET", "/api/v1/ping"));
        assertEquals(2, none.reasons().size());
        assertTrue(none.reasons().get(0).contains("connection refused"), none.reasons().toString());
        assertTrue(none.reasons().get(1).contains("503 ASL_UNAVAILABLE: down"), none.reasons().toString());
    }

    @Test
    void a4xxIsAnAnswerNotAFailure() throws Exception {
        URI refusing = server("refusing", 409, 0);
        URI good = server("good", 200, 0);
        ApplianceClient client = new ApplianceClient(new Servers(List.of(refusing, good), null), null, Duration.ofSeconds(1),
                Duration.ofSeconds(2));
        Answer answer = client.plain("GET", "/api/v1/ping");
        assertEquals(409, answer.status());
        assertEquals(refusing, answer.server());
    }
}
