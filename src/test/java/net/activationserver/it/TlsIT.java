package net.activationserver.it;

import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTPS on the tests' runtime (Payara Micro, or WildFly in the WildFly runs), configured as the README says: a PKCS#12
 * keystore signed by a private CA, 127.0.0.1 as the one trusted proxy.
 */
class TlsIT {

    private static final java.time.Duration START = Duration.ofMinutes(4);
    private static TestCertificates certificates;
    private static ServerProcess server;
    private static Http https;
    private static Http plain;

    @BeforeAll
    static void startWithTls() throws Exception {
        certificates = TestCertificates.make("tls-it");
        server = ServerProcess.start(Fixtures.serverSettings(Fixtures.freshDatabase("asl_tls"),
                "ASL_TLS_KEYSTORE", certificates.keystore().toString(), "ASL_TLS_KEYSTORE_PASSWORD", TestCertificates.PASSWORD,
                "ASL_PROXY_TRUSTED", "127.0.0.1"));
        server.awaitServing(START);
        https = new Http(server.httpsBase(), certificates.trust());
        plain = new Http(server.base());
        assertEquals(201, https.admin("POST", "api/v1/admin/entitlements", "application/jose",
                Fixtures.licenseFile("L-TLS", 100, "VLM-TLS", "50")).status());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void appliancesActivateOverHttpsAndMayKeepPlainHttpButTheAdminApiMayNot() {
        Http.Answer overHttps = https.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), "VLM-TLS"));
        assertEquals(201, overHttps.status(), overHttps.toString());
        assertEquals("max-age=31536000", overHttps.header("Strict-Transport-Security"));
        Http.Answer overHttp = plain.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), "VLM-TLS"));
        assertEquals(201, overHttp.status(), "appliances may keep plain HTTP: " + overHttp);

        Http.Answer admin = plain.admin("GET", "api/v1/admin/pool", null, null);
        assertEquals(403, admin.status(), admin.toString());
        assertTrue(admin.contentType().startsWith("application/problem+json"), admin.toString());
        assertEquals("ASL_FORBIDDEN", admin.code());
        assertTrue(admin.json().getString("detail").contains("https://"), admin.toString());
        assertEquals(200, https.admin("GET", "api/v1/admin/pool", null, null).status());
        // however the path is spelt: a path parameter is ignored by the REST stacks' matching, not by the refusal
        Http.Answer disguised = plain.admin("GET", "api/v1/admin;a=b/pool", null, null);
        assertEquals(403, disguised.status(), disguised.toString());
        assertEquals("ASL_FORBIDDEN", disguised.code());
    }

    @Test
    void theConsoleMovesToHttpsAndItsSessionCookieIsSecureHttpOnlyAndLax() {
        Http.Answer moved = plain.plain("GET", "console/login.xhtml?from=test", null, null);
        assertEquals(301, moved.status(), moved.toString());
        assertEquals("https://127.0.0.1:" + server.httpsBase().getPort() + "/console/login.xhtml?from=test", moved.header("Location"));

        Http.Answer page = https.plain("GET", "console/login.xhtml", null, null);
        assertEquals(200, page.status(), page.toString());
        assertEquals("max-age=31536000", page.header("Strict-Transport-Security"));
        // attribute names and SameSite's value are read case-insensitively by browsers (Payara writes "lax", WildFly "secure")
        java.util.Set<String> attributes = cookieAttributes(sessionCookie(page));
        assertTrue(attributes.containsAll(java.util.Set.of("secure", "httponly", "samesite=lax")), attributes.toString());
    }

    @Test
    void theAgentActivatesOverHttpsTrustingThePrivateCaAndRefusesAnotherOne() throws Exception {
        java.nio.file.Path state = java.nio.file.Files.createTempDirectory("tls-agent").resolve("state.json");
        String mac = Fixtures.mac();
        Agent trusted = agent("activate", "--servers", server.httpsBase().toString(), "--key", Http.APPLIANCE_KEY, "--platform", "VMWARE",
                "--mac", mac, "--license-type", "VLM-TLS", "--state", state.toString(), "--ca-file", certificates.caFile().toString());
        assertEquals(0, trusted.exit, trusted.toString());
        Http.Answer listed = https.admin("GET", "api/v1/admin/instances?mac=" + mac, null, null);
        assertEquals(1, listed.array().size(), "the appliance is activated: " + listed + "\n" + trusted);

        java.nio.file.Path otherState = state.resolveSibling("other.json");
        String stranger = TestCertificates.make("stranger").caFile().toString();
        Agent refused = agent("activate", "--servers", server.httpsBase().toString(), "--key", Http.APPLIANCE_KEY, "--platform", "VMWARE",
                "--mac", Fixtures.mac(), "--license-type", "VLM-TLS", "--state", otherState.toString(), "--ca-file", stranger);
        assertTrue(refused.exit != 0, refused.toString());
        assertTrue(refused.err.contains(server.httpsBase().toString().replaceAll("/$", "")) && refused.err.contains("certificate not trusted"),
                refused.toString());
    }

    private record Agent(int exit, String out, String err) {
    }

    private static Agent agent(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = net.activationserver.agent.Agent.run(args, new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8), java.util.Map.of());
        return new Agent(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        Http stranger = new Http(server.httpsBase(), TestCertificates.make("stranger").trust());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> stranger.plain("GET", "api/v1/ping", null, null));
        assertTrue(hasCause(refused, SSLHandshakeException.class), String.valueOf(refused));
    }

    @Test
    void forwardedHeadersCountOnlyFromATrustedProxy() throws Exception {
        // 127.0.0.2 is not trusted: its X-Forwarded-Proto does not make plain HTTP count as HTTPS
        List<String> fromStranger = raw(InetAddress.getByName("127.0.0.2"), "GET", "/console/login.xhtml", "X-Forwarded-Proto: https");
        assertTrue(fromStranger.get(0).contains(" 301"), fromStranger.toString());
        // 127.0.0.1 is: the console is served, with the Secure cookie
        Http.Answer fromProxy = plain.plain("GET", "console/login.xhtml", null, null, "X-Forwarded-Proto", "https");
        assertEquals(200, fromProxy.status(), fromProxy.toString());
        assertTrue(cookieAttributes(sessionCookie(fromProxy)).contains("secure"), sessionCookie(fromProxy));

        // the peer in the debug log: the forwarded client from the proxy, the real peer from anyone else
        String untrusted = UUID.randomUUID().toString();
        raw(InetAddress.getByName("127.0.0.2"), "POST", "/api/v1/instances/" + untrusted + "/heartbeat", "X-Forwarded-For: 203.0.113.7");
        assertEquals("127.0.0.2", debugPeer(untrusted));
        String trusted = UUID.randomUUID().toString();
        plain.plain("POST", "api/v1/instances/" + trusted + "/heartbeat", null, null, "X-Forwarded-For", "198.51.100.9, 203.0.113.8");
        assertEquals("203.0.113.8", debugPeer(trusted));
        String garbage = UUID.randomUUID().toString();
        plain.plain("POST", "api/v1/instances/" + garbage + "/heartbeat", null, null, "X-Forwarded-For", "evil-host");
        assertEquals("127.0.0.1", debugPeer(garbage), "what is not an address is never taken for one");
        String range = UUID.randomUUID().toString();
        // another refusal than the garbage one's (a debug row counts the refusals alike of a source in a minute, under the
        // first one's request line): this one has the appliance header and lacks the timestamp
        plain.plain("POST", "api/v1/instances/" + range + "/heartbeat", null, null, "X-Forwarded-For", "1.2.*.*",
                "X-ASL-Appliance", "VMWARE/7.2.59.0");
        assertEquals("127.0.0.1", debugPeer(range), "nor is a range");
        assertTrue(raw(InetAddress.getByName("127.0.0.1"), "GET", "/console/login.xhtml", "X-Forwarded-Proto: https, http").get(0)
                .contains(" 301"), "the proxy's own value (the last) counts, not one the client sent before it");
    }

    @Test
    void aMissingKeystoreStopsTheStartNamingTheSetting() throws Exception {
        String missing = certificates.keystore().resolveSibling("no-such.p12").toString();
        try (ServerProcess broken = ServerProcess.start(Fixtures.serverSettings(Fixtures.freshDatabase("asl_tls_missing"),
                "ASL_TLS_KEYSTORE", missing, "ASL_TLS_KEYSTORE_PASSWORD", TestCertificates.PASSWORD))) {
            String line = broken.awaitLine(l -> l.contains("asl.tls.keystore"), START);
            assertTrue(line.contains("Setting asl.tls.keystore (ASL_TLS_KEYSTORE) cannot be read") && line.contains(missing), line);
            // Payara Micro's launcher stops before the server starts; WildFly starts without the application
            assertTrue(!broken.isAlive() || new Http(broken.base()).plain("GET", "api/v1/ping", null, null).status() == 404,
                    "the application is not serving");
        }
    }

    private static String debugPeer(String probe) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> https.admin("GET", "api/v1/admin/debug-log?limit=50", null, null).array()
                .stream().map(JsonValue::asJsonObject).filter(e -> e.getString("request", "").contains(probe))
                .map(e -> e.getString("peer")).findFirst().orElse(null), peer -> peer != null);
    }

    private static java.util.Set<String> cookieAttributes(String setCookie) {
        return java.util.Arrays.stream(setCookie.split(";")).skip(1).map(a -> a.strip().toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toSet());
    }

    private static String sessionCookie(Http.Answer answer) {
        return answer.raw().headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie: " + answer.raw().headers().map()));
    }

    /** A request over a socket bound to a chosen local address (another peer than 127.0.0.1); the status line and headers. */
    private static List<String> raw(InetAddress local, String method, String path, String... headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", server.base().getPort()), 5000);
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Length: 0\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                lines.add(line);
            }
            assertNotNull(lines.isEmpty() ? null : lines.get(0), "an answer");
            return lines;
        }
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (type.isInstance(e)) {
                return true;
            }
        }
        return false;
    }
}
