package net.activationserver.server.control;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * HTTPS for this node (docs/DECISIONS.md, "TLS"): the PKCS#12 keystore the runtime serves it with, the port clients
 * reach it on, whether appliances may still call over plain HTTP, and the proxies trusted to say where a request came
 * from. The runtime's HTTPS listener is configured from the same {@code ASL_TLS_*} variables (wildfly-config/,
 * payara-config/); the application checks them at start, redirects the console and sets its cookie flags.
 */
@ApplicationScoped
public class Https {

    public static final String KEYSTORE = "asl.tls.keystore";
    public static final String KEYSTORE_PASSWORD = "asl.tls.keystore-password";
    public static final String PORT = "asl.https.port";
    public static final String HTTP_APPLIANCES = "asl.http.appliances";
    public static final String TRUSTED_PROXIES = "asl.proxy.trusted";
    public static final String ALIAS = "asl.tls.alias";
    /** The HTTPS port of every runtime as this project configures it. */
    public static final int DEFAULT_PORT = 8443;

    @Inject
    AslConfig config;

    /** The trusted proxies as last parsed, parsed again when the setting changes. */
    private volatile Trusted trusted = new Trusted("", List.of());

    /** The port browsers and appliances reach HTTPS on; present when HTTPS is on (a keystore, or a port behind a proxy). */
    public Optional<Integer> port() {
        Optional<String> configured = config.string(PORT);
        if (configured.isEmpty()) {
            return config.string(KEYSTORE).map(path -> DEFAULT_PORT);
        }
        int port = config.integer(PORT, DEFAULT_PORT);
        if (port < 1 || port > 65535) {
            throw new IllegalStateException(setting(PORT) + " is not a port number: " + port);
        }
        return Optional.of(port);
    }

    public boolean on() {
        return port().isPresent();
    }

    /** Whether appliance calls over plain HTTP are answered while HTTPS is on: {@code allow} (default) or {@code refuse}. */
    public boolean appliancesMayUseHttp() {
        String value = config.string(HTTP_APPLIANCES).orElse("allow");
        return switch (value) {
            case "allow" -> true;
            case "refuse" -> false;
            default -> throw new IllegalStateException(setting(HTTP_APPLIANCES) + " must be allow or refuse: " + value);
        };
    }

    /** Whether this address is one of {@code asl.proxy.trusted} (addresses or CIDR blocks, comma-separated). */
    public boolean trustedProxy(String address) {
        Trusted current = trusted;
        String configured = config.string(TRUSTED_PROXIES).orElse("");
        if (!configured.equals(current.configured)) {
            current = new Trusted(configured, parse(configured));
            trusted = current;
        }
        if (current.blocks.isEmpty() || address == null) {
            return false;
        }
        IPAddress parsed = new IPAddressString(address).getAddress();
        if (parsed == null) {
            return false;
        }
        // an IPv4 peer seen on a dual-stack socket (::ffff:10.0.0.1) is matched as IPv4
        IPAddress peer = parsed.isIPv6() && parsed.toIPv6().isIPv4Mapped() ? parsed.toIPv6().getEmbeddedIPv4Address() : parsed;
        return current.blocks.stream().anyMatch(block -> block.contains(peer));
    }

    /**
     * The canonical form of one IPv4 or IPv6 address, if the text is exactly that: no host name, block, range, wildcard
     * or zone (what is returned may reach logs and the rate limit's keys).
     */
    public static Optional<String> address(String text) {
        IPAddress parsed = new IPAddressString(text).getAddress();
        if (parsed == null || parsed.isMultiple() || parsed.isPrefixed() || (parsed.isIPv6() && parsed.toIPv6().hasZone())) {
            return Optional.empty();
        }
        return Optional.of(parsed.toCanonicalString());
    }

    /**
     * Checks every HTTPS setting, and that the keystore opens with its password: a missing or unreadable keystore stops
     * the deployment with one line naming the setting, instead of a listener that fails at the first handshake.
     */
    public void check() {
        port();
        appliancesMayUseHttp();
        trustedProxy(null);
        Optional<String> keystore = config.string(KEYSTORE);
        if (keystore.isEmpty()) {
            return;
        }
        char[] password = config.string(KEYSTORE_PASSWORD)
                .orElseThrow(() -> new IllegalStateException("Missing required setting " + KEYSTORE_PASSWORD + " (environment variable "
                        + AslConfig.envName(KEYSTORE_PASSWORD) + ") for " + KEYSTORE))
                .toCharArray();
        Path path = Path.of(keystore.get());
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            String alias = config.string(ALIAS).orElse("asl");
            if (!store.isKeyEntry(alias)) {
                throw new IllegalStateException(setting(KEYSTORE) + " holds no key under the alias " + alias + " (" + ALIAS + "): " + path);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(setting(KEYSTORE) + " cannot be read as PKCS#12 with " + KEYSTORE_PASSWORD + ": " + path
                    + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static List<IPAddress> parse(String configured) {
        return Arrays.stream(configured.split(",")).map(String::strip).filter(entry -> !entry.isEmpty()).map(entry -> {
            IPAddress block = new IPAddressString(entry).getAddress();
            if (block == null) {
                throw new IllegalStateException(setting(TRUSTED_PROXIES) + " is not a list of addresses or CIDR blocks: " + entry);
            }
            return block.isPrefixed() ? block.toPrefixBlock() : block;
        }).toList();
    }

    private static String setting(String key) {
        return "Setting " + key + " (" + AslConfig.envName(key) + ")";
    }

    private record Trusted(String configured, List<IPAddress> blocks) {
    }
}
