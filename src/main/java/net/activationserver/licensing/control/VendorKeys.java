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
 * a key pair of its own made at the first start, whose private half signs the demo license file then and is never
 * stored (only the public half is kept in the database). Never logged.
 */
@ApplicationScoped
public class VendorKeys {

    /** Before the other components' first-start work, which may install the demo license file. */
    public static final int RESOLVED = jakarta.interceptor.Interceptor.Priority.APPLICATION;

    @Inject
    Settings settings;

    @Inject
    AslConfig config;

    /** The demo profile's vendor public key (a public key: kept in clear). */
    static final String DEMO_PUBLIC_KEY = "demo.vendor-public-key";
    /** Where earlier builds kept the demo vendor key pair, private half included, in clear. */
    static final String OLD_DEMO_PRIVATE_KEY = "demo.vendor-key";
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(VendorKeys.class.getName());

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
        Optional<OctetKeyPair> clear = forgetStoredPrivateKey();
        Optional<String> configured = config.string(AslConfig.VENDOR_PUBLIC_KEY);
        if (configured.isPresent()) {
            publicKey = VendorKey.parsePublic(configured.get());
            return;
        }
        // the demo profile: a pair made now, whose public half is kept (the first start's, when several start at once);
        // the private half signs the demo license file at this start only, and is never stored
        OctetKeyPair made = clear.orElseGet(VendorTool::generate);
        String stored = settings.getOrCreate(DEMO_PUBLIC_KEY, () -> made.toPublicJWK().toJSONString());
        try {
            publicKey = OctetKeyPair.parse(stored);
        } catch (ParseException e) {
            throw new IllegalStateException("the stored demo vendor public key is unreadable", e);
        }
        demoKey = publicKey.getX().equals(made.getX()) ? made : null;
    }

    /**
     * The demo vendor private key an earlier build kept in clear in {@code setting}: replaced by its public half (in any
     * profile), so no database holds it any more. Returned for this start, which may still need it.
     */
    private Optional<OctetKeyPair> forgetStoredPrivateKey() {
        Optional<String> stored = settings.get(OLD_DEMO_PRIVATE_KEY);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try {
            OctetKeyPair pair = OctetKeyPair.parse(stored.get());
            settings.put(DEMO_PUBLIC_KEY, pair.toPublicJWK().toJSONString());
            settings.remove(OLD_DEMO_PRIVATE_KEY);
            LOG.info("Replaced the demo vendor private key an earlier build kept in the database by its public key.");
            return Optional.of(pair);
        } catch (ParseException e) {
            throw new IllegalStateException("the stored demo vendor key is unreadable", e);
        }
    }

    public OctetKeyPair publicKey() {
        return publicKey;
    }

    /** The demo profile's vendor private key, present only at the demo profile's first start (it is never stored). */
    public Optional<OctetKeyPair> demoKey() {
        return Optional.ofNullable(demoKey);
    }
}
