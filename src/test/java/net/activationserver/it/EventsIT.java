package net.activationserver.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Operators are told (issue 21): two Payara Micro nodes on one database, each sending its syslog to a collector of
 * the test (node A over TLS, node B over UDP), both sending e-mail alerts to a GreenMail SMTP server, and webhooks to
 * a real HTTP receiver that verifies every signature with the Standard Webhooks library.
 */
class EventsIT {

    private static final String MAIL_TO = "noc@example.test";
    private static ServerProcess nodeA;
    private static ServerProcess nodeB;
    private static GreenMail smtp;
    private static SyslogListener tlsSyslog;
    private static SyslogListener udpSyslog;
    private static Http a;
    private static Http b;

    @BeforeAll
    static void start() throws Exception {
        String db = Fixtures.freshDatabase("asl_events");
        smtp = new GreenMail(new ServerSetup(ServerProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        TestCertificates certificates = TestCertificates.make("syslog");
        tlsSyslog = SyslogListener.tls(certificates.keystore(), TestCertificates.PASSWORD);
        udpSyslog = SyslogListener.udp();
        String[] common = {"ASL_NODE_REFRESH", "PT1S", "ASL_ALERTS_WATCH_INTERVAL", "PT1S", "ASL_WEBHOOKS_POLL", "PT0.5S",
                "ASL_WEBHOOKS_RETRY_BASE", "PT1S", "ASL_WEBHOOKS_DISABLE_AFTER", "PT10S",
                "ASL_MAIL_HOST", "127.0.0.1", "ASL_MAIL_PORT", Integer.toString(smtp.getSmtp().getPort()), "ASL_MAIL_TLS", "none",
                "ASL_MAIL_FROM", "asl@example.test", "ASL_MAIL_TO", MAIL_TO};
        nodeA = ServerProcess.start(Fixtures.serverSettings(db, concat(common, "ASL_NODE_NAME", "events-a", "ASL_SYSLOG_HOST", "localhost",
                "ASL_SYSLOG_PORT", Integer.toString(tlsSyslog.port()), "ASL_SYSLOG_TRANSPORT", "tls",
                "ASL_SYSLOG_CA_FILE", certificates.caFile().toString())));
        nodeB = ServerProcess.start(Fixtures.serverSettings(db, concat(common, "ASL_NODE_NAME", "events-b", "ASL_SYSLOG_HOST", "127.0.0.1",
                "ASL_SYSLOG_PORT", Integer.toString(udpSyslog.port()), "ASL_SYSLOG_TRANSPORT", "udp")));
        nodeA.awaitServing(Duration.ofMinutes(4));
        nodeB.awaitServing(Duration.ofMinutes(4));
        a = new Http(nodeA.base());
        b = new Http(nodeB.base());
    }

    @AfterAll
    static void stop() throws Exception {
        if (nodeA != null) nodeA.close();
        if (nodeB != null) nodeB.close();
        if (smtp != null) smtp.stop();
        if (tlsSyslog != null) tlsSyslog.close();
        if (udpSyslog != null) udpSyslog.close();
    }

    @Test
    void aReceiverGetsACorrectlySignedActivationWithinSeconds() throws Exception {
        String type = Fixtures.typeCode("EVA");
        install(a, "L-EVA", 100, type, "50");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonObject endpoint = addEndpoint(a, receiver, "[\"instance.activated\",\"instance.deregistered\"]");
            String mac = Fixtures.mac();
            Http.Answer activated = b.appliance("POST", "api/v1/activations", Fixtures.activation(mac, type));
            assertEquals(201, activated.status(), activated.toString());
            String instanceId = activated.json().getString("instanceId");

            WebhookReceiver.Received got = await("the activation's webhook").atMost(Duration.ofSeconds(10))
                    .until(() -> receiver.received().stream().filter(r -> r.body().contains(instanceId)).findFirst().orElse(null), r -> r != null);
            assertTrue(got.verified(), "the signature verifies with the endpoint's secret: " + got);
            assertTrue(got.signature().startsWith("v1,"), got.signature());
            assertTrue(got.id().startsWith("evt_"), got.id());
            assertTrue(Math.abs(got.timestamp() - Instant.now().getEpochSecond()) < 60, "webhook-timestamp is now, in seconds");
            JsonObject payload = got.payload();
            assertEquals("instance.activated", payload.getString("type"));
            assertEquals(got.id(), payload.getString("id"));
            JsonObject data = payload.getJsonObject("data");
            assertEquals(instanceId, data.getString("instanceId"));
            assertEquals(mac, data.getString("mac"));
            assertEquals("lm-it", data.getString("hostname"));
            assertEquals(type, data.getString("licenseType"));

            // deregistered by an admin, through the other node: the next event, in order
            assertEquals(204, a.admin("DELETE", "api/v1/admin/instances/" + instanceId, null, null).status());
            await("the deregistration's webhook").atMost(Duration.ofSeconds(10)).until(() -> receiver.received().stream()
                    .anyMatch(r -> r.type().equals("instance.deregistered") && r.body().contains(instanceId)));
            List<String> types = receiver.received().stream().filter(r -> r.body().contains(instanceId)).map(WebhookReceiver.Received::type).toList();
            assertEquals(List.of("instance.activated", "instance.deregistered"), types, "once each, in order");

            Http.Answer deliveries = a.admin("GET", "api/v1/admin/webhooks/" + endpoint.getString("id") + "/deliveries", null, null);
            assertEquals(200, deliveries.status());
            assertEquals("DELIVERED", deliveries.array().getJsonObject(0).getString("status"), deliveries.body());
            assertEquals("instance.deregistered", deliveries.array().getJsonObject(0).getString("type"), "newest first");
        }
    }

    @Test
    void theTestCallSendsOneSignedTestEventToThatEndpointOnly() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(); WebhookReceiver other = new WebhookReceiver()) {
            JsonObject endpoint = addEndpoint(b, receiver, "[\"*\"]");
            addEndpoint(b, other, "[\"*\"]");
            Http.Answer test = b.admin("POST", "api/v1/admin/webhooks/" + endpoint.getString("id") + "/test", null, null);
            assertEquals(202, test.status(), test.toString());
            String eventId = test.json().getString("eventId");
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().stream().anyMatch(r -> r.id().equals(eventId)));
            WebhookReceiver.Received got = receiver.received().stream().filter(r -> r.id().equals(eventId)).findFirst().orElseThrow();
            assertTrue(got.verified());
            assertEquals("webhook.test", got.type());
            assertFalse(other.received().stream().anyMatch(r -> r.id().equals(eventId)), "only the endpoint tested gets it");
            Http.Answer list = b.admin("GET", "api/v1/admin/webhooks", null, null);
            assertFalse(list.body().contains("whsec_"), "the secret is shown once, never listed: " + list.body());
        }
    }

    @Test
    void anEndpointThatKeepsFailingIsDisabledAndAlerted() throws Exception {
        try (WebhookReceiver watcher = new WebhookReceiver()) {
            addEndpoint(a, watcher, "[\"webhook.disabled\"]");
            String dead = "http://127.0.0.1:" + ServerProcess.freePort() + "/nobody-listens";
            Http.Answer created = a.admin("POST", "api/v1/admin/webhooks", "application/json", "{\"url\":\"" + dead + "\",\"events\":[\"*\"]}");
            assertEquals(201, created.status());
            String id = created.json().getString("id");
            assertEquals(202, a.admin("POST", "api/v1/admin/webhooks/" + id + "/test", null, null).status());
            await("disabled after failing for asl.webhooks.disable-after").atMost(Duration.ofSeconds(60))
                    .until(() -> !b.admin("GET", "api/v1/admin/webhooks/" + id, null, null).json().getBoolean("enabled"));
            JsonObject endpoint = b.admin("GET", "api/v1/admin/webhooks/" + id, null, null).json();
            assertTrue(endpoint.getString("disabledReason").contains("every delivery failed since"), endpoint.toString());
            assertEquals(0, endpoint.getInt("pending"), "its queue is dropped");
            await("the alert mail").atMost(Duration.ofSeconds(15)).until(() -> mails("Webhook endpoint disabled: " + dead).size() == 1);
            await("the webhook.disabled event, to the endpoint that takes it").atMost(Duration.ofSeconds(15)).until(() -> watcher.received().stream()
                    .anyMatch(r -> r.type().equals("webhook.disabled") && r.payload().getJsonObject("data").getString("endpointId").equals(id)));
            assertTrue(a.admin("GET", "api/v1/admin/audit?text=" + java.net.URLEncoder.encode("disabled", java.nio.charset.StandardCharsets.UTF_8), null, null)
                    .body().contains("Webhook endpoint " + dead + " disabled"), "audited");
        }
    }

    @Test
    void badEndpointsAreRefusedWithTheFieldNamed() {
        Http.Answer badUrl = a.admin("POST", "api/v1/admin/webhooks", "application/json", "{\"url\":\"ftp://x\",\"events\":[\"*\"]}");
        assertEquals(400, badUrl.status());
        assertEquals("ASL_INVALID_REQUEST", badUrl.code());
        assertTrue(badUrl.body().contains("\"url\""), badUrl.body());
        Http.Answer badType = a.admin("POST", "api/v1/admin/webhooks", "application/json",
                "{\"url\":\"https://example.test/hook\",\"events\":[\"instance.exploded\"]}");
        assertEquals(400, badType.status());
        assertTrue(badType.body().contains("instance.exploded"), badType.body());
        assertEquals(404, a.admin("DELETE", "api/v1/admin/webhooks/no-such-endpoint", null, null).status());
        assertEquals("application/problem+json", a.admin("GET", "api/v1/admin/webhooks/nope/deliveries", null, null).contentType());
        assertEquals(400, a.admin("GET", "api/v1/admin/events?type=nope", null, null).status());
    }

    @Test
    void theThresholdMailArrivesOncePerCrossing() throws Exception {
        String type = Fixtures.typeCode("EVT");
        install(a, "L-EVT", 1000, type, "10");
        for (int i = 0; i < 8; i++) {
            assertEquals(201, (i % 2 == 0 ? a : b).appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), type)).status());
        }
        assertEquals(0, mails("license type " + type).size(), "80% is below the threshold of 90%");
        assertEquals(201, a.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), type)).status());
        await("the threshold mail").atMost(Duration.ofSeconds(15)).until(() -> mails("Seats running out: license type " + type).size() == 1);
        // both nodes watch the pool every second: still one mail, and one pool.threshold event
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> mails("Seats running out: license type " + type).size() == 1);
        MimeMessage mail = mails("Seats running out: license type " + type).get(0);
        assertEquals(MAIL_TO, mail.getAllRecipients()[0].toString());
        assertTrue(com.icegreen.greenmail.util.GreenMailUtil.getBody(mail).contains("9 of 10 seats in use"), com.icegreen.greenmail.util.GreenMailUtil.getBody(mail));
        assertEquals(1, a.admin("GET", "api/v1/admin/events?type=pool.threshold&limit=1000", null, null).array().stream()
                .filter(e -> e.asJsonObject().getJsonObject("payload").getJsonObject("data").getString("pool").equals(type)).count());

        assertEquals(201, b.appliance("POST", "api/v1/activations", Fixtures.activation(Fixtures.mac(), type)).status());
        await("the exhausted mail").atMost(Duration.ofSeconds(15)).until(() -> mails("No seats left: license type " + type).size() == 1);
        assertEquals(1, mails("Seats running out: license type " + type).size(), "no second threshold mail for the same incident");
    }

    @Test
    void aLicenseFileNearItsEndIsReportedOnce() throws Exception {
        String type = Fixtures.typeCode("EVL");
        String file = Fixtures.licenseFile("L-EVL-SOON", 5, Instant.now().plus(5, ChronoUnit.DAYS), type, "5");
        assertEquals(201, a.admin("POST", "api/v1/admin/entitlements", "application/jose", file).status());
        await().atMost(Duration.ofSeconds(15)).until(() -> mails("License file L-EVL-SOON expires in 7 day(s)").size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> a.admin("GET", "api/v1/admin/events?type=license.expiring&limit=1000",
                null, null).array().stream().filter(e -> e.toString().contains("L-EVL-SOON")).count() == 1);
    }

    @Test
    void syslogGetsTheAuditTrailAndTheEventsOverTlsAndUdp() throws Exception {
        String type = Fixtures.typeCode("EVS");
        install(a, "L-EVS", 100, type, "10");
        String macA = Fixtures.mac();
        String macB = Fixtures.mac();
        assertEquals(201, a.appliance("POST", "api/v1/activations", Fixtures.activation(macA, type)).status());
        assertEquals(201, b.appliance("POST", "api/v1/activations", Fixtures.activation(macB, type)).status());
        for (SyslogListener collector : List.of(tlsSyslog, udpSyslog)) {
            String mac = collector == tlsSyslog ? macA : macB;
            await("syslog over " + (collector == tlsSyslog ? "TLS" : "UDP")).atMost(Duration.ofSeconds(10)).until(() ->
                    collector.messages().stream().anyMatch(m -> m.contains(" instance.activated ") && m.contains(mac))
                            && collector.messages().stream().anyMatch(m -> m.contains(" audit ") && m.contains("Activating ASL instance") && m.contains(mac)));
            String audit = collector.messages().stream().filter(m -> m.contains(" audit ") && m.contains(mac)).findFirst().orElseThrow();
            // RFC 5424: <PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG; facility 13 (log audit), severity 5
            assertTrue(audit.matches("(?s)<109>1 \\d{4}-\\d\\d-\\d\\dT\\S+ events-[ab] activation-server \\d+ audit \\[asl@32473 .*"), audit);
        }
        assertFalse(udpSyslog.messages().stream().anyMatch(m -> m.contains(macA)), "each node sends its own lines");
    }

    private static void install(Http http, String licenseId, int limit, String type, String seats) {
        Http.Answer installed = http.admin("POST", "api/v1/admin/entitlements", "application/jose", Fixtures.licenseFile(licenseId, limit, type, seats));
        assertEquals(201, installed.status(), installed.toString());
    }

    private static JsonObject addEndpoint(Http http, WebhookReceiver receiver, String events) {
        Http.Answer created = http.admin("POST", "api/v1/admin/webhooks", "application/json",
                "{\"url\":\"" + receiver.url("/hooks") + "\",\"events\":" + events + ",\"description\":\"test receiver\"}");
        assertEquals(201, created.status(), created.toString());
        String secret = created.json().getString("secret");
        assertTrue(secret.startsWith("whsec_"), secret);
        assertNotNull(created.header("Location"));
        receiver.secret(secret);
        return created.json();
    }

    private static List<MimeMessage> mails(String subject) throws Exception {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().contains(subject);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
