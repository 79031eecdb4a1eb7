package net.activationserver.licensing.entity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.text.ParseException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A vendor license file (API.md "Vendor license files"): a compact JWS signed with EdDSA (Ed25519)
 * whose payload grants an instance limit and seats per license type until it expires.
 * {@link #verify} accepts only a file that is well formed, correctly signed, unexpired and not issued in the future
 * (beyond {@link #CLOCK_ALLOWANCE}).
 */
public record LicenseFile(String licenseId, String customer, Instant issuedAt, Instant expiresAt, int instanceLimit,
                          List<Grant> types, String text) {

    public static final int MAX_SEATS = 10_000_000;
    /** How far a file's {@code issuedAt} may lie ahead of the server's clock (clocks differ a little; more is a forgery or a broken clock). */
    public static final java.time.Duration CLOCK_ALLOWANCE = java.time.Duration.ofMinutes(5);
    private static final Pattern LICENSE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    public static final Pattern TYPE_CODE = Pattern.compile("[A-Z0-9][A-Z0-9_.-]{0,63}");

    /** Seats of one license type granted by a file. */
    public record Grant(String code, String name, List<Platform> platforms, int seats) {
    }

    /** Why a file was refused; the message names the fault and never echoes key material. */
    public static class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    public static LicenseFile verify(String text, OctetKeyPair vendorPublicKey, Instant now) throws Invalid {
        if (text == null || text.isBlank()) {
            throw new Invalid("the license file is empty");
        }
        String compact = text.strip();
        JWSObject jws;
        try {
            jws = JWSObject.parse(compact);
        } catch (ParseException e) {
            throw new Invalid("the text is not a signed license file as the vendor sends it (three parts separated by dots)");
        }
        if (!JWSAlgorithm.EdDSA.equals(jws.getHeader().getAlgorithm())) {
            throw new Invalid("the license file is not signed with EdDSA (Ed25519)");
        }
        try {
            if (!jws.verify(Ed25519.verifier(vendorPublicKey))) {
                throw new Invalid("the signature does not verify with the vendor's public key");
            }
        } catch (JOSEException e) {
            throw new Invalid("the signature cannot be verified: " + e.getMessage());
        }
        LicenseFile file = parsePayload(jws.getPayload().toString(), compact);
        if (!file.expiresAt().isAfter(now)) {
            throw new Invalid("the license file " + file.licenseId() + " expired at " + file.expiresAt());
        }
        if (file.issuedAt().isAfter(now.plus(CLOCK_ALLOWANCE))) {
            throw new Invalid("the license file " + file.licenseId() + " is issued at " + file.issuedAt() + ", in the future: the server's"
                    + " clock says " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " (at most " + CLOCK_ALLOWANCE.toMinutes()
                    + " minutes ahead are accepted; check the vendor's and this server's clocks)");
        }
        return file;
    }

    /** Reads and checks a payload (also used by the vendor tool before it signs). */
    public static LicenseFile parsePayload(String json, String text) throws Invalid {
        Map<String, Object> payload;
        try {
            payload = JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new Invalid("the payload is not a JSON object");
        }
        String licenseId = string(payload, "licenseId", 100);
        if (!LICENSE_ID.matcher(licenseId).matches()) {
            throw new Invalid("licenseId must be 1 to 100 characters of [A-Za-z0-9._-]");
        }
        String customer = string(payload, "customer", 200);
        Instant issuedAt = time(payload, "issuedAt");
        Instant expiresAt = time(payload, "expiresAt");
        if (!expiresAt.isAfter(issuedAt)) {
            throw new Invalid("expiresAt must be after issuedAt");
        }
        int instanceLimit = count(payload.get("instanceLimit"), "instanceLimit");
        Object typesValue = payload.get("types");
        if (!(typesValue instanceof List<?> list) || list.isEmpty()) {
            throw new Invalid("types must be a non-empty list");
        }
        List<Grant> grants = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        for (Object entry : list) {
            if (!(entry instanceof Map<?, ?> map)) {
                throw new Invalid("each entry of types must be an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> type = (Map<String, Object>) map;
            String code = string(type, "code", 64);
            if (!TYPE_CODE.matcher(code).matches()) {
                throw new Invalid("type code " + code + " must be upper-case letters, digits, '-', '_' or '.'");
            }
            if (!codes.add(code)) {
                throw new Invalid("type " + code + " appears twice");
            }
            String name = string(type, "name", 200);
            if (!(type.get("platforms") instanceof List<?> platformList) || platformList.isEmpty()) {
                throw new Invalid("type " + code + " needs a non-empty list of platforms");
            }
            List<Platform> platforms = new ArrayList<>();
            for (Object p : platformList) {
                Platform platform = Platform.parse(p instanceof String s ? s : null)
                        .orElseThrow(() -> new Invalid("type " + code + " names an unknown platform " + p + " (one of " + Platform.allNames() + ")"));
                if (!platforms.contains(platform)) {
                    platforms.add(platform);
                }
            }
            grants.add(new Grant(code, name, List.copyOf(platforms), count(type.get("seats"), "seats of " + code)));
        }
        return new LicenseFile(licenseId, customer, issuedAt, expiresAt, instanceLimit, List.copyOf(grants), text);
    }

    private static String string(Map<String, Object> map, String field, int max) throws Invalid {
        if (!(map.get(field) instanceof String value) || value.isBlank()) {
            throw new Invalid(field + " must be a non-empty string");
        }
        if (value.length() > max) {
            throw new Invalid(field + " must be at most " + max + " characters");
        }
        return value.strip();
    }

    private static Instant time(Map<String, Object> map, String field) throws Invalid {
        if (!(map.get(field) instanceof String value)) {
            throw new Invalid(field + " must be an RFC 3339 time");
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new Invalid(field + " must be an RFC 3339 time such as 2027-11-01T00:00:00Z");
        }
    }

    private static int count(Object value, String field) throws Invalid {
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                && number.doubleValue() >= 0 && number.doubleValue() <= MAX_SEATS) {
            return number.intValue();
        }
        throw new Invalid(field + " must be a whole number from 0 to " + MAX_SEATS);
    }
}
