package net.activationserver.metering.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.OctetKeyPair;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.util.UUID;
import net.activationserver.licensing.entity.Ed25519;
import net.activationserver.server.control.Settings;

/**
 * The server's report signing key (Ed25519): made once, kept sealed with the secrets key in the settings shared by all
 * nodes, and never rotated with the lease keys, so that the vendor verifies every report with the one public key
 * exported for it. Runs in the caller's transaction.
 */
@ApplicationScoped
public class ReportSigner {

    static final String SETTING = "report.signing-key";

    @Inject
    Settings settings;

    /** The compact JWS of the payload (JSON), typ {@code asl-mela+jws}. */
    public String sign(String payloadJson) {
        OctetKeyPair key = key();
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.EdDSA).type(new JOSEObjectType("asl-mela+jws")).keyID(key.getKeyID()).build(),
                new Payload(payloadJson));
        try {
            jws.sign(Ed25519.signer(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign the report", e);
        }
        return jws.serialize();
    }

    /** The public half, for the vendor. */
    public String publicJwk() {
        return key().toPublicJWK().toJSONString();
    }

    private OctetKeyPair key() {
        String stored = settings.getOrCreateSecret(SETTING, () -> new OctetKeyPair.Builder(Ed25519.generate())
                .keyID("asl-report-" + UUID.randomUUID()).algorithm(JWSAlgorithm.EdDSA).build().toJSONString());
        try {
            return OctetKeyPair.parse(stored);
        } catch (ParseException e) {
            throw new IllegalStateException("the stored report signing key is not a JWK", e);
        }
    }
}
