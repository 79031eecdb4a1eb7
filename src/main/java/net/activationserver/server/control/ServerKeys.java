package net.activationserver.server.control;

import com.nimbusds.jose.jwk.OctetKeyPair;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The keys resolved at start-up: the appliance key (configured, or the demo profile's), the vendor's
 * public key and the console's secret key. Never logged.
 */
@ApplicationScoped
public class ServerKeys {

    private volatile byte[] applianceKey;
    private volatile OctetKeyPair vendorPublicKey;
    private volatile OctetKeyPair demoVendorKey;
    private volatile String serverId;
    private volatile byte[] consoleSecretKey;

    void resolved(String applianceKey, OctetKeyPair vendorPublicKey, OctetKeyPair demoVendorKey, String serverId, byte[] consoleSecretKey) {
        this.applianceKey = applianceKey.getBytes(StandardCharsets.UTF_8);
        this.vendorPublicKey = vendorPublicKey;
        this.demoVendorKey = demoVendorKey;
        this.serverId = serverId;
        this.consoleSecretKey = consoleSecretKey;
    }

    public byte[] applianceKey() {
        if (applianceKey == null) {
            throw new IllegalStateException("the server has not finished starting");
        }
        return applianceKey;
    }

    public OctetKeyPair vendorPublicKey() {
        return vendorPublicKey;
    }

    /** The demo profile's vendor private key, present only in the demo profile. */
    public Optional<OctetKeyPair> demoVendorKey() {
        return Optional.ofNullable(demoVendorKey);
    }

    /** The key that encrypts appliance access passwords ({@code asl.console.secret-key}, 32 bytes), if there is one. */
    public Optional<byte[]> consoleSecretKey() {
        return Optional.ofNullable(consoleSecretKey).map(byte[]::clone);
    }

    /** The server's id, the {@code iss} of its leases: the same on every node of one installation. */
    public String serverId() {
        return serverId;
    }
}
