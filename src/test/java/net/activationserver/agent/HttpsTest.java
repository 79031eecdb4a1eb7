package net.activationserver.agent;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent over HTTPS, against an in-process {@link HttpsServer} whose certificates keytool makes for each run: a test
 * CA signs the server's key (SAN localhost and 127.0.0.1); an unrelated CA, a certificate for another host name and an
 * expired one give the failures. No system trust store holds the test CA.
 */
class HttpsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path certs;
    static Path caPem;
    static Path otherCaPem;
    static SSLContext goodServer;
    static SSLContext otherHostServer;
    static SSLContext expiredServer;

    @TempDir
    Path dir;

    private final List<HttpsServer> started = new ArrayList<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final Map<String, String> macs = new ConcurrentHashMap<>();
    private final ECKey leaseKey;

    HttpsTest() throws Exception {
        leaseKey = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    }

    // ------------------------------------------------------------------ certificates, made with keytool

    @BeforeAll
    static void certificates() throws Exception {
        caPem = ca("ca", "CN=Test CA");
        otherCaPem = ca("other-ca", "CN=Other CA");
        keytool("-genkeypair", "-alias", "server", "-dname", "CN=localhost", "-keyalg", "EC", "-groupname", "secp256r1",
                "-storetype", "PKCS12", "-keystore", file("server-key.p12"), "-storepass", PASSWORD, "-keypass", PASSWORD, "-validity", "30");
        keytool("-certreq", "-alias", "server", "-keystore", file("server-key.p12"), "-storepass", PASSWORD, "-file", file("server.csr"));
        goodServer = server("good", "-ext", "SAN=dns:localhost,ip:127.0.0.1");
        otherHostServer = server("otherhost", "-ext", "SAN=dns:otherhost");
        expiredServer = server("expired", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-startdate", "-3d", "-validity", "1");
    }

    /** A CA key pair (basic constraints CA) in NAME.p12 and its certificate as PEM in NAME.pem. */
    private static Path ca(String name, String dname) throws Exception {
        keytool("-genkeypair", "-alias", "ca", "-ext", "bc:c", "-dname", dname, "-keyalg", "EC", "-groupname", "secp256r1",
                "-storetype", "PKCS12", "-keystore", file(name + ".p12"), "-storepass", PASSWORD, "-keypass", PASSWORD, "-validity", "30");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", file(name + ".p12"), "-storepass", PASSWORD, "-file", file(name + ".pem"));
        return certs.resolve(name + ".pem");
    }

    /**
     * The test CA signs the server's CSR with these extra options; a copy of the server's PKCS#12 gets the CA
     * certificate and the signed chain; the server's SSLContext is made from it.
     */
    private static SSLContext server(String name, String... gencert) throws Exception {
        List<String> args = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", file("ca.p12"), "-storepass", PASSWORD,
                "-infile", file("server.csr"), "-outfile", file(name + ".crt")));
        args.addAll(List.of(gencert));
        keytool(args.toArray(String[]::new));
        Path store = certs.resolve(name + ".p12");
        Files.copy(certs.resolve("server-key.p12"), store);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", store.toString(), "-storepass", PASSWORD);
        keytool("-importcert", "-alias", "server", "-file", file(name + ".crt"), "-keystore", store.toString(), "-storepass", PASSWORD);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return context;
    }

    private static String file(String name) {
        return certs.resolve(name).toString();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + "/bin/keytool");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "keytool " + String.join(" ", args) + ": " + output);
    }

    // ------------------------------------------------------------------ a small HTTPS appliance server

    /** An HTTPS server on 127.0.0.1 answering ping, lease keys, license types, activations, heartbeats and kills. */
    private URI https(SSLContext context) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", this::answer);
        server.start();
        started.add(server);
        return URI.create("https://localhost:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        byte[] request = exchange.getRequestBody().readAllBytes();
        seen.add(method + " " + path);
        try {
            if (method.equals("GET") && path.equals("/api/v1/ping")) {
                send(exchange, 200, "{\"status\":\"UP\",\"node\":\"t\",\"time\":\"" + Instant.now() + "\"}");
            } else if (method.equals("GET") && path.equals("/api/v1/lease-keys")) {
                send(exchange, 200, new JWKSet(leaseKey.toPublicJWK()).toString(true));
            } else if (method.equals("GET") && path.equals("/api/v1/license-types")) {
                send(exchange, 200, "[{\"code\":\"VLM-MAX\",\"name\":\"VLM\",\"platforms\":[\"VMWARE\"],\"seats\":20,\"used\":0,\"available\":20}]");
            } else if (method.equals("POST") && path.equals("/api/v1/activations")) {
                JsonObject body = Jsons.objectOrNull(new String(request, StandardCharsets.UTF_8));
                String mac = MacAddress.canonical(Jsons.string(body, "mac"));
                String id = UUID.nameUUIDFromBytes(mac.getBytes(StandardCharsets.UTF_8)).toString();
                macs.put(id, mac);
                send(exchange, 201, "{\"instanceId\":\"" + id + "\",\"instanceToken\":\"token-" + id + "\",\"licenseType\":\"VLM-MAX\","
                        + "\"status\":\"ACTIVE\",\"lease\":\"" + lease(id, mac) + "\",\"heartbeatIntervalSeconds\":1}");
            } else if (method.equals("POST") && path.matches("/api/v1/instances/[^/]+/heartbeat")) {
                String id = path.split("/")[4];
                send(exchange, 200, "{\"status\":\"ACTIVE\",\"lease\":\"" + lease(id, macs.get(id)) + "\",\"heartbeatIntervalSeconds\":1}");
            } else if (method.equals("DELETE") && path.startsWith("/api/v1/instances/")) {
                exchange.sendResponseHeaders(204, -1);
            } else {
                send(exchange, 404, "{\"status\":404,\"code\":\"ASL_UNKNOWN_INSTANCE\"}");
            }
        } catch (Exception e) {
            send(exchange, 500, "{\"status\":500,\"detail\":\"" + e + "\"}");
        } finally {
            exchange.close();
        }
    }

    private String lease(String id, String mac) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("t").subject(id).claim("mac", mac).claim("lic", "VLM-MAX")
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plus(Duration.ofDays(30)))).jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(leaseKey.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(leaseKey));
        return jwt.serialize();
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @AfterEach
    void stop() {
        started.forEach(server -> server.stop(0));
    }

    private static ApplianceClient client(URI server, Trust trust) {
        return new ApplianceClient(new Servers(List.of(server), null), null, Duration.ofSeconds(3), Duration.ofSeconds(5), trust);
    }

    private static String reason(ApplianceClient client) {
        NoServerAnswered none = assertThrows(NoServerAnswered.class, () -> client.plain("GET", "/api/v1/ping"));
        assertEquals(1, none.reasons().size(), none.reasons().toString());
        return none.reasons().get(0);
    }

    private record Run(int exit, String out, String err) {
        String all() {
            return "exit " + exit + "\n" + out + err;
        }
    }

    private static Run agent(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Agent.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ the tests

    @Test
    void withTheRightCaFileARequestOverHttpsSucceeds() throws Exception {
        URI server = https(goodServer);
        Trust trust = Trust.caFile(caPem, "--ca-file");
        assertEquals(caPem.toAbsolutePath().normalize(), trust.caFile());
        assertEquals(1, trust.certificates());

        Answer ping = client(server, trust).plain("GET", "/api/v1/ping");
        assertEquals(200, ping.status());
        assertEquals("UP", Jsons.string(ping.json(), "status"));
        assertEquals(server, ping.server());

        Run check = agent("check", "--servers", server.toString(), "--ca-file", caPem.toString(), "--state", dir.resolve("s.json").toString());
        assertEquals(Exit.OK, check.exit(), check.all());
        assertTrue(check.out().contains("OK    ping   " + server + ": 200 UP, node t"), check.all());
        assertTrue(check.out().contains("certificate verified against the CA file " + trust.caFile()), check.all());
    }

    @Test
    void withAnotherCaFileTheCertificateIsNotTrustedAndTheReasonNamesTheServer() throws Exception {
        URI server = https(goodServer);
        String reason = reason(client(server, Trust.caFile(otherCaPem, "--ca-file")));
        assertTrue(reason.startsWith(server + ": certificate not trusted (PKIX path building failed: "), reason);
        assertTrue(reason.endsWith("; checked against the CA certificate(s) in " + otherCaPem.toAbsolutePath().normalize()), reason);
        assertFalse(reason.contains("sun.security"), reason);

        Run listing = agent("activate", "--servers", server.toString(), "--ca-file", otherCaPem.toString(), "--key", "secret-key",
                "--platform", "VMWARE", "--mac", "00:50:56:AB:CD:EF", "--state", dir.resolve("s.json").toString());
        assertEquals(Exit.NO_SERVER, listing.exit(), listing.all());
        assertTrue(listing.err().contains("listing license types: no server answered\n  " + server + ": certificate not trusted ("), listing.all());
        assertFalse(listing.all().contains("secret-key"), "never the key");
        assertTrue(seen.isEmpty(), "nothing reached the server: " + seen);
    }

    @Test
    void withTheSystemTrustStoreThePrivateCaIsNotTrustedAndTheReasonSaysGiveCaFile() throws Exception {
        URI server = https(goodServer);
        String reason = reason(client(server, Trust.SYSTEM));
        assertTrue(reason.startsWith(server + ": certificate not trusted (PKIX path building failed: "), reason);
        assertTrue(reason.endsWith("); give --ca-file PEM for a private CA"), reason);
        assertEquals(reason, server + ": " + ApplianceClient.describe(assertThrows(IOException.class,
                () -> client(server, Trust.SYSTEM).sendTo(server, "GET", "/api/v1/ping", null, null, false))));

        Run check = agent("check", "--servers", server.toString(), "--state", dir.resolve("s.json").toString());
        assertEquals(Exit.CHECK_FAILED, check.exit(), check.all());
        assertTrue(check.out().contains("FAIL  ping   " + server + ": certificate not trusted (PKIX path building failed: "), check.all());
    }

    @Test
    void withoutCaFileTheJvmDefaultTrustStoreDecidesAndAServerItTrustsAnswers() throws Exception {
        URI server = https(goodServer);
        Path trustStore = certs.resolve("default-truststore.p12");
        if (!Files.exists(trustStore)) {
            keytool("-importcert", "-noprompt", "-alias", "test-ca", "-file", caPem.toString(), "-storetype", "PKCS12", "-keystore",
                    trustStore.toString(), "-storepass", PASSWORD);
        }
        // a JVM whose default trust store (normally the system's) holds the test CA: no --ca-file needed
        Process process = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Djavax.net.ssl.trustStore=" + trustStore,
                "-Djavax.net.ssl.trustStorePassword=" + PASSWORD, "-Djavax.net.ssl.trustStoreType=PKCS12", "-cp",
                System.getProperty("java.class.path"), Agent.class.getName(), "check", "--servers", server.toString(), "--state",
                dir.resolve("s.json").toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(Exit.OK, process.waitFor(), output);
        assertTrue(output.contains("OK    ping   " + server + ": 200 UP, node t"), output);
        assertTrue(output.contains("certificate verified against the system trust store"), output);
    }

    @Test
    void aCertificateForAnotherHostNameIsRefusedWithTheHostNameReason() throws Exception {
        URI server = https(otherHostServer);
        String reason = reason(client(server, Trust.caFile(caPem, "--ca-file")));
        assertTrue(reason.startsWith(server + ": certificate does not match host name ("), reason);
        assertTrue(reason.contains("localhost"), reason);
    }

    @Test
    void anExpiredCertificateIsRefusedAsExpired() throws Exception {
        URI server = https(expiredServer);
        String reason = reason(client(server, Trust.caFile(caPem, "--ca-file")));
        assertTrue(reason.startsWith(server + ": certificate expired (NotAfter: "), reason);
    }

    @Test
    void aCertificateThatDoesNotVerifyMovesOnToTheNextServerAndEveryReasonIsPrinted() throws Exception {
        URI wrongHost = https(otherHostServer);
        URI good = https(goodServer);
        ApplianceClient client = new ApplianceClient(new Servers(List.of(wrongHost, good), null), null, Duration.ofSeconds(3),
                Duration.ofSeconds(5), Trust.caFile(caPem, "--ca-file"));
        Answer answer = client.plain("GET", "/api/v1/ping");
        assertEquals(good, answer.server());
        assertEquals(List.of("GET /api/v1/ping"), seen);

        Run check = agent("activate", "--servers", wrongHost + "," + https(expiredServer), "--ca-file", caPem.toString(), "--key", "k",
                "--platform", "VMWARE", "--mac", "00:50:56:AB:CD:EF", "--license-type", "VLM-MAX", "--state", dir.resolve("s.json").toString());
        assertEquals(Exit.NO_SERVER, check.exit(), check.all());
        assertTrue(check.err().contains("  " + wrongHost + ": certificate does not match host name ("), check.all());
        assertTrue(check.err().contains(": certificate expired ("), check.all());
    }

    @Test
    void anHttpsAddressOfAServerSpeakingPlainHttpIsATlsFailure() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread answering = new Thread(() -> {
                try (Socket socket = plain.accept()) {
                    // as a plain HTTP listener does: read the request (here the ClientHello), then answer 400; answering
                    // before the client has spoken raced the JDK client's handshake, which then waited for its connect timeout
                    socket.setSoTimeout(10_000);
                    socket.getInputStream().read(new byte[16_384]);
                    socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    // open until the client hangs up (it reads this as a failed handshake and closes)
                    socket.getInputStream().readAllBytes();
                } catch (IOException ignored) {
                    // the test ends
                }
            });
            answering.start();
            URI server = URI.create("https://localhost:" + plain.getLocalPort());
            // the JDK client's connect timeout spans the handshake: 10 s, not 3, so that a busy machine is not the failure
            String reason = reason(new ApplianceClient(new Servers(List.of(server), null), null, Duration.ofSeconds(10),
                    Duration.ofSeconds(10), Trust.caFile(caPem, "--ca-file")));
            assertTrue(reason.startsWith(server + ": TLS handshake failed ("), reason);
            answering.join(10_000);
        }
    }

    @Test
    void aMissingCaFileOrOneWithoutACertificateIsAUsageErrorNamingTheFile() throws Exception {
        Path missing = dir.resolve("missing-ca.pem");
        Map<String, List<String>> extra = Map.of("activate", List.of("--platform", "VMWARE", "--mac", "00:50:56:AB:CD:EF"), "run", List.of(),
                "kill", List.of(), "check", List.of(), "fleet", List.of("--count", "1"));
        for (Map.Entry<String, List<String>> command : extra.entrySet()) {
            List<String> args = new ArrayList<>(List.of(command.getKey(), "--servers", "https://localhost:1", "--ca-file", missing.toString(),
                    "--key", "k", "--state", dir.resolve(command.getKey() + ".json").toString()));
            args.addAll(command.getValue());
            Run run = agent(args.toArray(String[]::new));
            assertEquals(Exit.USAGE, run.exit(), command.getKey() + ": " + run.all());
            assertTrue(run.err().contains("asl-agent: --ca-file " + missing + ": no such file"), run.all());
        }

        Path empty = Files.writeString(dir.resolve("empty.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Run run = agent("check", "--servers", "https://localhost:1", "--ca-file", empty.toString(), "--state", dir.resolve("s.json").toString());
        assertEquals(Exit.USAGE, run.exit(), run.all());
        assertTrue(run.err().contains("--ca-file " + empty + ": holds no certificate"), run.all());

        Path broken = Files.writeString(dir.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Options.Usage usage = assertThrows(Options.Usage.class, () -> Trust.caFile(broken, "--ca-file"));
        assertTrue(usage.getMessage().startsWith("--ca-file " + broken + ": certificate 1 is not a valid X.509 certificate"), usage.getMessage());
    }

    @Test
    void aPemFileWithSeveralCertificatesTrustsEachOfThem() throws Exception {
        Path bundle = Files.writeString(dir.resolve("bundle.pem"), "Other CA\n" + Files.readString(otherCaPem) + "\nTest CA\n"
                + Files.readString(caPem));
        Trust trust = Trust.caFile(bundle, "--ca-file");
        assertEquals(2, trust.certificates());
        assertEquals(200, client(https(goodServer), trust).plain("GET", "/api/v1/ping").status());
    }

    @Test
    void activateKeepsTheCaFileInTheStateAndRunUsesItUntilANewOneIsGiven() throws Exception {
        URI server = https(goodServer);
        Path state = dir.resolve("asl-agent.json");
        Run activate = agent("activate", "--servers", server.toString(), "--ca-file", caPem.toString(), "--key", "k", "--platform", "VMWARE",
                "--mac", "00:50:56:AB:CD:EF", "--license-type", "VLM-MAX", "--state", state.toString());
        assertEquals(Exit.OK, activate.exit(), activate.all());
        assertEquals(caPem.toAbsolutePath().normalize().toString(), AgentState.load(state).caFile);
        assertTrue(Files.readString(state).contains("\"caFile\""));

        Run once = agent("run", "--once", "--state", state.toString());
        assertEquals(Exit.OK, once.exit(), once.all());
        assertTrue(once.out().contains("heartbeat ok via " + server), once.all());

        Run status = agent("status", "--state", state.toString());
        assertTrue(status.out().contains("https trust:    the CA file " + caPem.toAbsolutePath().normalize()), status.all());

        Run other = agent("run", "--once", "--ca-file", otherCaPem.toString(), "--state", state.toString());
        assertEquals(Exit.NO_SERVER, other.exit(), other.all());
        assertTrue(other.err().contains(server + ": certificate not trusted ("), other.all());
        assertFalse(other.all().contains("token-"), "never the instance token");

        Run system = agent("run", "--once", "--ca-file", "", "--state", state.toString());
        assertEquals(Exit.NO_SERVER, system.exit(), system.all());
        assertTrue(system.err().contains("; give --ca-file PEM for a private CA"), system.all());

        Path moved = dir.resolve("moved-ca.pem");
        Files.copy(caPem, moved);
        Run again = agent("run", "--once", "--ca-file", moved.toString(), "--state", state.toString());
        assertEquals(Exit.OK, again.exit(), again.all());
        assertEquals(moved.toString(), AgentState.load(state).caFile, "a new --ca-file replaces the kept one");

        Files.delete(moved);
        Run gone = agent("run", "--once", "--state", state.toString());
        assertEquals(Exit.USAGE, gone.exit(), gone.all());
        assertTrue(gone.err().contains("CA file " + moved + ": no such file (kept in the state file " + state), gone.all());

        Run kill = agent("kill", "--ca-file", caPem.toString(), "--state", state.toString());
        assertEquals(Exit.OK, kill.exit(), kill.all());
    }

    @Test
    void fleetVerifiesTheServersAgainstTheCaFileToo() throws Exception {
        URI server = https(goodServer);
        Run fleet = agent("fleet", "--servers", server.toString(), "--ca-file", caPem.toString(), "--key", "k", "--count", "2", "--rate", "50",
                "--duration", "PT1S", "--license-type", "VLM-MAX", "--mac-prefix", "02:AB:CD", "--quiet", "--state",
                dir.resolve("s.json").toString());
        assertEquals(Exit.OK, fleet.exit(), fleet.all());
        assertTrue(fleet.out().contains("activations: 2 granted (2 new, 0 again), 0 refused"), fleet.all());
        assertTrue(fleet.out().contains("certificates verified against the CA file " + caPem.toAbsolutePath().normalize()), fleet.all());

        seen.clear();
        Run untrusted = agent("fleet", "--servers", server.toString(), "--ca-file", otherCaPem.toString(), "--key", "k", "--count", "2",
                "--rate", "50", "--duration", "PT1S", "--license-type", "VLM-MAX", "--quiet", "--state", dir.resolve("s.json").toString());
        assertEquals(Exit.OK, untrusted.exit(), untrusted.all());
        assertTrue(untrusted.out().contains("activations: 0 granted (0 new, 0 again), 2 refused {NO_SERVER (certificate not trusted (PKIX path"),
                untrusted.all());
        assertTrue(seen.isEmpty(), "nothing reached the server: " + seen);
    }

    @Test
    void theSingleAgentAndFleetGetTheirTrustFromOnePlace() {
        Agent agent = new Agent(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), Map.of());
        agent.options = Options.parse(new String[] {"fleet", "--ca-file", caPem.toString()}, 1, Set.of("ca-file"), Set.of());
        AgentState state = new AgentState();
        Trust trust = agent.trust(state);
        assertSame(trust, agent.trust(state), "built once per command: fleet's HttpClient and its ApplianceClient share it");
        assertSame(trust, agent.client(state, new Servers(List.of(URI.create("https://localhost:1")), null), null).trust());
        assertNotNull(trust.sslContext());

        Agent without = new Agent(agent.out, agent.err, Map.of());
        without.options = Options.parse(new String[] {"run"}, 1, Set.of("ca-file"), Set.of());
        assertSame(Trust.SYSTEM, without.trust(state));
        assertNull(Trust.SYSTEM.sslContext(), "the JVM's default context, i.e. the system trust store");
    }
}
