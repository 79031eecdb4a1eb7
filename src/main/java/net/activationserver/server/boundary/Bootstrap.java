package net.activationserver.server.boundary;

import com.nimbusds.jose.jwk.OctetKeyPair;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import net.activationserver.activation.control.Leases;
import net.activationserver.admin.boundary.Administrators;
import net.activationserver.licensing.entity.VendorKey;
import net.activationserver.licensing.vendor.VendorTool;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.Settings;

import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** First-start work, safe when several nodes start at once: server id, lease key, first admin, demo keys. */
@Stateless
public class Bootstrap {

    @Inject
    Settings settings;

    @Inject
    Leases leases;

    @Inject
    Administrators administrators;

    /** What start-up resolved; the passwords and keys here are shown once (demo) and never logged otherwise. */
    public record Resolved(String serverId, String applianceKey, OctetKeyPair vendorPublicKey, OctetKeyPair demoVendorKey,
                           Optional<String> consoleSecretKey, Optional<String> createdAdminPassword) {
    }

    public Resolved run(boolean demo) {
        String serverId = AslConfig.string(AslConfig.SERVER_ID)
                .orElseGet(() -> settings.getOrCreate("server.id", () -> UUID.randomUUID().toString()));
        String applianceKey = AslConfig.string(AslConfig.APPLIANCE_KEY)
                .orElseGet(() -> settings.getOrCreate("demo.appliance-key", Bootstrap::randomKey));
        OctetKeyPair demoVendorKey = null;
        OctetKeyPair vendorPublicKey;
        Optional<String> configuredVendorKey = AslConfig.string(AslConfig.VENDOR_PUBLIC_KEY);
        if (configuredVendorKey.isPresent()) {
            vendorPublicKey = VendorKey.parsePublic(configuredVendorKey.get());
        } else {
            demoVendorKey = demoVendorKey();
            vendorPublicKey = demoVendorKey.toPublicJWK();
        }
        // appliance access passwords: the configured key; the demo profile makes one and keeps it in the database
        Optional<String> consoleSecretKey = AslConfig.string(AslConfig.CONSOLE_SECRET_KEY)
                .or(() -> demo ? Optional.of(settings.getOrCreate("demo.console-secret-key", Bootstrap::randomSecretKey)) : Optional.empty());
        if (!leases.hasKey()) {
            leases.addKey(Instant.now());
        }
        Optional<String> adminPassword = administrators.createFirstAdmin(AslConfig.string(AslConfig.ADMIN_INITIAL_PASSWORD));
        return new Resolved(serverId, applianceKey, vendorPublicKey, demoVendorKey, consoleSecretKey, adminPassword);
    }

    private OctetKeyPair demoVendorKey() {
        String jwk = settings.getOrCreate("demo.vendor-key", () -> VendorTool.generate().toJSONString());
        try {
            return OctetKeyPair.parse(jwk);
        } catch (ParseException e) {
            throw new IllegalStateException("the stored demo vendor key is unreadable", e);
        }
    }

    private static String randomSecretKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String randomKey() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
