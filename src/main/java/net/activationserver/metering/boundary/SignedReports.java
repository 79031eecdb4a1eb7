package net.activationserver.metering.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.spi.JsonProvider;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.metering.control.ReportSigner;
import net.activationserver.server.control.ServerKeys;
import net.activationserver.server.entity.Actor;
import net.activationserver.server.entity.Roles;

/**
 * MELA reports the vendor can trust: the report's rows, the server's id, the range and the time it was made, signed
 * with the server's report key (a JWS), and that key's public half, exported for the vendor, who checks reports
 * offline ({@code vendor-tool verify-report}).
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.VIEWER})
public class SignedReports {

    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    ReportSigner signer;

    @Inject
    ServerKeys keys;

    @Inject
    AuditLog audit;

    /** @param rows the report's rows, as its JSON form has them */
    public String sign(String period, LocalDate from, LocalDate to, List<Map<String, Object>> rows) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        rows.forEach(row -> array.add(JSON.createObjectBuilder(row)));
        return signer.sign(JSON.createObjectBuilder()
                .add("serverId", keys.serverId())
                .add("period", period)
                .add("from", from.toString())
                .add("to", to.toString())
                .add("generatedAt", Instant.now().toString())
                .add("rows", array)
                .build().toString());
    }

    /** The public key that verifies this server's reports (a JWK), for the vendor. Audited. */
    @RolesAllowed(Roles.ADMIN)
    public String publicKey(Actor admin) {
        String jwk = signer.publicJwk();
        audit.record(Instant.now(), admin, null, "Report signing key exported by " + admin.name());
        return jwk;
    }
}
