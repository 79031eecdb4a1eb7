package net.activationserver.server.control;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The settings bean and the beans reading it, built by hand over a map of settings that may change between reads. */
class AslConfigTest {

    private final Map<String, String> settings = new HashMap<>();
    private final AslConfig config = config(settings);

    static AslConfig config(Map<String, String> settings) {
        AslConfig config = new AslConfig();
        config.config = (Config) Proxy.newProxyInstance(Config.class.getClassLoader(), new Class<?>[]{Config.class}, (proxy, method, args) -> {
            if (method.getName().equals("getOptionalValue")) {
                return Optional.ofNullable(settings.get((String) args[0]));
            }
            throw new UnsupportedOperationException(method.getName());
        });
        return config;
    }

    @Test
    void defaultsApplyAndAChangedSettingIsReadAtTheNextUse() {
        assertEquals(Duration.ofSeconds(60), config.heartbeatInterval());
        settings.put(AslConfig.HEARTBEAT_INTERVAL, " PT30S ");
        assertEquals(Duration.ofSeconds(30), config.heartbeatInterval());
        settings.put(AslConfig.HEARTBEAT_INTERVAL, "  ");
        assertEquals(Optional.empty(), config.string(AslConfig.HEARTBEAT_INTERVAL), "blank is unset");
        assertFalse(config.demo());
        settings.put(AslConfig.DEMO, "true");
        assertTrue(config.demo());
    }

    @Test
    void badValuesNameTheSettingAndItsVariable() {
        settings.put(AslConfig.HEARTBEAT_TIMEOUT, "3m");
        assertEquals("Setting asl.heartbeat.timeout (ASL_HEARTBEAT_TIMEOUT) is not an ISO-8601 duration such as PT60S or P30D: 3m",
                assertThrows(IllegalStateException.class, config::heartbeatTimeout).getMessage());
        settings.put(AslConfig.ACTIVATION_LANES, "0");
        assertEquals("Setting asl.activation.lanes (ASL_ACTIVATION_LANES) must be at least 1: 0",
                assertThrows(IllegalStateException.class, config::activationLanes).getMessage());
        assertEquals("Missing required setting asl.db.url (environment variable ASL_DB_URL): the Activation Server cannot start.",
                AslConfig.missing(AslConfig.DB_URL).getMessage());
    }

    @Test
    void theRollupWaitsAtLeastFiveMinutes() {
        assertEquals(Duration.ofHours(1), config.rollupAfter());
        settings.put(AslConfig.ROLLUP_AFTER, "PT1M");
        assertEquals(Duration.ofMinutes(5), config.rollupAfter());
    }

    @Test
    void theNodeIsNamedByItsSettingElseItsHostAndAdvertisesThePortItServes() {
        Node node = new Node();
        node.config = config;
        node.start();
        String host = node.name();
        assertEquals(host, node.address());
        assertFalse(node.portKnown());
        node.served(8080);
        node.served(8443);
        assertTrue(node.portKnown());
        assertEquals(host + ":8080", node.address(), "the first port served is kept");
        settings.put(AslConfig.NODE_NAME, "node-a");
        settings.put(AslConfig.NODE_ADDRESS, "10.0.0.1:8080");
        assertEquals("node-a", node.name());
        assertEquals("10.0.0.1:8080", node.address());
    }

    @Test
    void httpsIsOnWithAKeystoreOrAPortAndTheTrustedProxiesFollowTheSetting() {
        Https https = new Https();
        https.config = config;
        assertFalse(https.on());
        settings.put(Https.KEYSTORE, "/nowhere.p12");
        assertEquals(Optional.of(Https.DEFAULT_PORT), https.port());
        settings.put(Https.PORT, "70000");
        assertEquals("Setting asl.https.port (ASL_HTTPS_PORT) is not a port number: 70000",
                assertThrows(IllegalStateException.class, https::port).getMessage());

        assertFalse(https.trustedProxy("10.0.0.7"));
        settings.put(Https.TRUSTED_PROXIES, "10.0.0.0/8, 192.168.1.1");
        assertTrue(https.trustedProxy("10.0.0.7"));
        assertTrue(https.trustedProxy("::ffff:10.0.0.7"), "an IPv4 peer on a dual-stack socket");
        assertFalse(https.trustedProxy("192.168.1.2"));
        settings.put(Https.TRUSTED_PROXIES, "not-an-address");
        assertEquals("Setting asl.proxy.trusted (ASL_PROXY_TRUSTED) is not a list of addresses or CIDR blocks: not-an-address",
                assertThrows(IllegalStateException.class, () -> https.trustedProxy("10.0.0.7")).getMessage());
    }
}
