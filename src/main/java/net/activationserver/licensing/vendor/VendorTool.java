package net.activationserver.licensing.vendor;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import net.activationserver.licensing.entity.Ed25519;
import net.activationserver.licensing.entity.LicenseFile;
import net.activationserver.licensing.entity.VendorKey;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;

/**
 * The vendor's signing tool (bin/vendor-tool):
 * <pre>
 *   keygen DIR                     Ed25519 pair: DIR/vendor-private.jwk (keep secret), DIR/vendor-public.pem, DIR/vendor-public.jwk
 *   sign PRIVATE_JWK PAYLOAD_JSON  prints the signed license file (compact JWS) to standard output
 *   verify-report FILE --server-key JWK   checks a signed MELA report (the customer's server's key, exported once)
 * </pre>
 * The payload is checked with the server's own rules before it is signed, so a file it makes installs.
 */
public final class VendorTool {

    private VendorTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 2 && args[0].equals("keygen")) {
                keygen(Path.of(args[1]), out);
                return 0;
            }
            if (args.length == 3 && args[0].equals("sign")) {
                out.println(sign(Files.readString(Path.of(args[1])), Files.readString(Path.of(args[2]))));
                return 0;
            }
            if (args.length == 4 && args[0].equals("verify-report") && args[2].equals("--server-key")) {
                return verifyReport(Files.readString(Path.of(args[1])), Files.readString(Path.of(args[3])), out, err);
            }
            err.println("usage: vendor-tool keygen DIR | vendor-tool sign PRIVATE_JWK PAYLOAD_JSON | vendor-tool verify-report FILE --server-key JWK");
            return 2;
        } catch (IOException | JOSEException | ParseException | LicenseFile.Invalid | IllegalArgumentException e) {
            err.println("vendor-tool: " + e.getMessage());
            return 1;
        }
    }

    public static OctetKeyPair generate() {
        return Ed25519.generate();
    }

    static void keygen(Path dir, PrintStream out) throws IOException, JOSEException {
        Files.createDirectories(dir);
        OctetKeyPair pair = generate();
        Path privateFile = dir.resolve("vendor-private.jwk");
        if (Files.exists(privateFile)) {
            throw new IllegalArgumentException(privateFile + " exists; servers may trust that key. Move it away first to make a new pair.");
        }
        try {
            Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(privateFile); // Windows: the folder's permissions apply
        }
        Files.writeString(privateFile, pair.toJSONString() + "\n");
        Files.writeString(dir.resolve("vendor-public.pem"), VendorKey.toPem(pair));
        Files.writeString(dir.resolve("vendor-public.jwk"), pair.toPublicJWK().toJSONString() + "\n");
        out.println("Wrote " + privateFile + " (keep it secret), " + dir.resolve("vendor-public.pem") + " and "
                + dir.resolve("vendor-public.jwk") + " (give one to the server as asl.vendor.public-key).");
    }

    /**
     * Checks a signed MELA report offline against the server's public key ({@code GET /api/v1/admin/reports/signing-key}
     * on the customer's server): any change to a figure, the range or the server id breaks the signature.
     * @return 0 and a summary when it verifies, 1 and why not otherwise
     */
    static int verifyReport(String report, String serverJwk, PrintStream out, PrintStream err) throws ParseException, JOSEException {
        JWK jwk = JWK.parse(serverJwk.strip());
        if (!(jwk instanceof OctetKeyPair key) || !Curve.Ed25519.equals(key.getCurve())) {
            throw new IllegalArgumentException("the server key is not an Ed25519 JWK (GET /api/v1/admin/reports/signing-key)");
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(report.strip());
        } catch (ParseException e) {
            err.println("NOT VERIFIED: the file is not a signed report (compact JWS)");
            return 1;
        }
        if (!JWSAlgorithm.EdDSA.equals(jws.getHeader().getAlgorithm()) || !jws.verify(Ed25519.verifier(key.toPublicJWK()))) {
            err.println("NOT VERIFIED: the signature does not match this server key: the report was changed, or another server signed it");
            return 1;
        }
        java.util.Map<String, Object> payload = jws.getPayload().toJSONObject();
        Object rows = payload.get("rows");
        out.println("verified: MELA report of server " + payload.get("serverId") + ", " + payload.get("period") + " from " + payload.get("from")
                + " to " + payload.get("to") + ", generated at " + payload.get("generatedAt") + ", "
                + (rows instanceof java.util.List<?> list ? list.size() : 0) + " row(s)");
        out.println(jws.getPayload().toString());
        return 0;
    }

    /** Signs a payload after checking it would be accepted (except for its expiry, which the server checks at install). */
    public static String sign(String privateJwk, String payloadJson) throws ParseException, JOSEException, LicenseFile.Invalid {
        JWK jwk = JWK.parse(privateJwk.strip());
        if (!(jwk instanceof OctetKeyPair key) || !key.isPrivate() || !Curve.Ed25519.equals(key.getCurve())) {
            throw new IllegalArgumentException("the key is not an Ed25519 private JWK (made by vendor-tool keygen)");
        }
        LicenseFile.parsePayload(payloadJson, null);
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.EdDSA).type(new JOSEObjectType("asl-license+jws"))
                .keyID(key.getKeyID()).build(), new Payload(payloadJson.strip()));
        jws.sign(Ed25519.signer(key));
        return jws.serialize();
    }

}
