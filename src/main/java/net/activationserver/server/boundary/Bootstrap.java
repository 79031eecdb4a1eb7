package net.activationserver.server.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.control.Settings;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * The server's own first-start work, safe when several nodes start at once: its id and, in the demo profile, its
 * appliance key (sealed with the secrets key, like every secret in {@code setting}). The components do theirs on {@link net.activationserver.server.entity.Starting}.
 */
@Stateless
@PermitAll
public class Bootstrap {

    @Inject
    Settings settings;

    @Inject
    AslConfig config;

    /** What start-up resolved; the appliance key is shown once (demo) and never logged otherwise. */
    public record Resolved(String serverId, String applianceKey) {
    }

    public Resolved run() {
        String serverId = config.string(AslConfig.SERVER_ID)
                .orElseGet(() -> settings.getOrCreate("server.id", () -> UUID.randomUUID().toString()));
        settings.sealStored();
        String applianceKey = config.string(AslConfig.APPLIANCE_KEY)
                .orElseGet(() -> settings.getOrCreateSecret(Settings.DEMO_APPLIANCE_KEY, Bootstrap::randomKey));
        return new Resolved(serverId, applianceKey);
    }

    private static String randomKey() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
