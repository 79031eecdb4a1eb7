package net.activationserver.licensing.control;

import com.nimbusds.jose.jwk.OctetKeyPair;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import net.activationserver.licensing.entity.VendorKey;
import net.activationserver.licensing.vendor.VendorTool;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.Settings;
import net.activationserver.server.entity.SettingsCheck;
import net.activationserver.server.entity.Starting;

import java.text.ParseException;
import java.util.Optional;

/**
 * The vendor's public key that license files must be signed with ({@code asl.vendor.public-key}); in the demo profile,
 * a key pair of its own kept in the database, whose private half signs the demo license file. Never logged.
 */
@ApplicationScoped
public class VendorKeys {

    /** Before the other components' first-start work, which may install the demo license file. */
    public static final int RESOLVED = jakarta.interceptor.Interceptor.Priority.APPLICATION;

    @Inject
    Settings settings;

    @Inject
    AslConfig config;

    private volatile OctetKeyPair publicKey;
    private volatile OctetKeyPair demoKey;

    void check(@Observes SettingsCheck check) {
        Optional<String> configured = config.string(AslConfig.VENDOR_PUBLIC_KEY);
        if (configured.isEmpty() && !check.demo()) {
            throw AslConfig.missing(AslConfig.VENDOR_PUBLIC_KEY);
        }
        try {
            configured.ifPresent(VendorKey::parsePublic);
        } catch (IllegalArgumentException e) {
            throw AslConfig.cannotStart(AslConfig.VENDOR_PUBLIC_KEY, e.getMessage());
        }
    }

    @Transactional
    void resolve(@Observes @Priority(RESOLVED) Starting starting) {
        Optional<String> configured = config.string(AslConfig.VENDOR_PUBLIC_KEY);
        if (configured.isPresent()) {
            publicKey = VendorKey.parsePublic(configured.get());
        } else {
            String jwk = settings.getOrCreate("demo.vendor-key", () -> VendorTool.generate().toJSONString());
            try {
                demoKey = OctetKeyPair.parse(jwk);
            } catch (ParseException e) {
                throw new IllegalStateException("the stored demo vendor key is unreadable", e);
            }
            publicKey = demoKey.toPublicJWK();
        }
    }

    public OctetKeyPair publicKey() {
        return publicKey;
    }

    /** The demo profile's vendor private key, present only in the demo profile. */
    public Optional<OctetKeyPair> demoKey() {
        return Optional.ofNullable(demoKey);
    }
}
