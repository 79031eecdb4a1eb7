package net.activationserver.licensing.vendor;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import net.activationserver.licensing.entity.LicenseFile;
import net.activationserver.licensing.entity.VendorKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VendorToolTest {

    private static final String PAYLOAD = """
            {"licenseId": "L-2026-0001", "customer": "Example Corp", "issuedAt": "2026-11-01T00:00:00Z",
             "expiresAt": "2027-11-01T00:00:00Z", "instanceLimit": 25,
             "types": [{"code": "VLM-MAX", "name": "VLM unlimited", "platforms": ["VMWARE", "KVM"], "seats": 20},
                       {"code": "VLM-5000G", "name": "VLM 5 Gbps", "platforms": ["VMWARE"], "seats": 10}]}
            """;
    private static final Instant NOW = Instant.parse("2027-01-15T10:00:00Z");

    /** Runs the tool and captures exit code and both streams. */
    private record Run(int exit, String out, String err) {
        static Run of(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                exit = VendorTool.run(args, o, e);
            }
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    private static Path keygen(Path dir) {
        Run run = Run.of("keygen", dir.toString());
        assertEquals(0, run.exit(), run.err());
        return dir;
    }

    @Test
    void keygenWritesThreeFilesThatBelongTogether(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("keys/new"); // created if missing
        Run run = Run.of("keygen", dir.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());

        Path privateFile = dir.resolve("vendor-private.jwk");
        Path pemFile = dir.resolve("vendor-public.pem");
        Path jwkFile = dir.resolve("vendor-public.jwk");
        assertTrue(Files.isRegularFile(privateFile));
        assertTrue(Files.isRegularFile(pemFile));
        assertTrue(Files.isRegularFile(jwkFile));
        assertTrue(run.out().contains(privateFile.toString()), run.out());

        OctetKeyPair privateKey = (OctetKeyPair) JWK.parse(Files.readString(privateFile).strip());
        assertTrue(privateKey.isPrivate());
        OctetKeyPair publicJwk = (OctetKeyPair) JWK.parse(Files.readString(jwkFile).strip());
        assertFalse(publicJwk.isPrivate(), "the public JWK file must not hold the private key");
        assertFalse(Files.readString(pemFile).contains("PRIVATE"));

        assertArrayEquals(privateKey.getX().decode(), publicJwk.getX().decode());
        assertArrayEquals(privateKey.getX().decode(), VendorKey.parsePublic(pemFile.toString()).getX().decode());
    }

    @Test
    void privateKeyFileIsReadableOnlyByItsOwner(@TempDir Path tmp) throws Exception {
        Path dir = keygen(tmp);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("vendor-private.jwk"))));
    }

    @Test
    void twoKeygensMakeDifferentKeys(@TempDir Path tmp) throws Exception {
        Path a = keygen(tmp.resolve("a"));
        Path b = keygen(tmp.resolve("b"));
        assertFalse(Files.readString(a.resolve("vendor-public.pem")).equals(Files.readString(b.resolve("vendor-public.pem"))));
    }

    @Test
    void signPrintsAJwsThatVerifies(@TempDir Path tmp) throws Exception {
        Path dir = keygen(tmp);
        Path payload = tmp.resolve("payload.json");
        Files.writeString(payload, PAYLOAD);

        Run run = Run.of("sign", dir.resolve("vendor-private.jwk").toString(), payload.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
        String jws = run.out().strip();
        assertEquals(3, jws.split("\\.", -1).length, jws);
        assertEquals(JWSAlgorithm.EdDSA, JWSObject.parse(jws).getHeader().getAlgorithm());

        LicenseFile file = LicenseFile.verify(run.out(), VendorKey.parsePublic(dir.resolve("vendor-public.pem").toString()), NOW);
        assertEquals("L-2026-0001", file.licenseId());
        assertEquals(25, file.instanceLimit());
        assertEquals(2, file.types().size());
        // the public JWK file verifies it too
        assertEquals(file.licenseId(),
                LicenseFile.verify(jws, VendorKey.parsePublic(dir.resolve("vendor-public.jwk").toString()), NOW).licenseId());
    }

    @Test
    void payloadWithErrorsExitsWithOneAndPrintsNothingOnOut(@TempDir Path tmp) throws Exception {
        Path dir = keygen(tmp);
        Path payload = tmp.resolve("bad.json");
        Files.writeString(payload, PAYLOAD.replace("\"seats\": 20", "\"seats\": -3"));

        Run run = Run.of("sign", dir.resolve("vendor-private.jwk").toString(), payload.toString());
        assertEquals(1, run.exit());
        assertEquals("", run.out());
        assertTrue(run.err().contains("seats"), run.err());
    }

    @Test
    void unreadablePayloadOrKeyExitsWithOne(@TempDir Path tmp) throws Exception {
        Path dir = keygen(tmp);
        Path payload = tmp.resolve("payload.json");
        Files.writeString(payload, PAYLOAD);

        Run missingPayload = Run.of("sign", dir.resolve("vendor-private.jwk").toString(), tmp.resolve("nope.json").toString());
        assertEquals(1, missingPayload.exit());
        assertEquals("", missingPayload.out());
        assertFalse(missingPayload.err().isBlank());

        Run missingKey = Run.of("sign", tmp.resolve("nope.jwk").toString(), payload.toString());
        assertEquals(1, missingKey.exit());
        assertEquals("", missingKey.out());
        assertFalse(missingKey.err().isBlank());
    }

    @Test
    void signingWithThePublicKeyIsRefused(@TempDir Path tmp) throws Exception {
        Path dir = keygen(tmp);
        Path payload = tmp.resolve("payload.json");
        Files.writeString(payload, PAYLOAD);

        Run run = Run.of("sign", dir.resolve("vendor-public.jwk").toString(), payload.toString());
        assertEquals(1, run.exit());
        assertEquals("", run.out());
        assertTrue(run.err().contains("private"), run.err());
    }

    @Test
    void wrongUsageExitsWithTwo(@TempDir Path tmp) {
        for (String[] args : new String[][]{{}, {"keygen"}, {"sign", "only-one"}, {"sign", "a", "b", "c"}, {"frobnicate", "x"},
                {"KEYGEN", tmp.toString()}}) {
            Run run = Run.of(args);
            assertEquals(2, run.exit(), String.join(" ", args));
            assertEquals("", run.out());
            assertTrue(run.err().contains("usage"), run.err());
        }
    }

    @Test
    void keygenIntoAFolderWithAPrivateKeyExitsWithOneAndKeepsIt(@TempDir Path tmp) throws Exception {
        Path privateFile = tmp.resolve("vendor-private.jwk");
        String existing = "{\"kty\":\"OKP\",\"note\":\"the key servers already trust\"}\n";
        Files.writeString(privateFile, existing);

        Run run = Run.of("keygen", tmp.toString());
        assertEquals(1, run.exit(), run.err());
        assertEquals("", run.out());
        assertTrue(run.err().contains("vendor-private.jwk") && run.err().contains("exists"), run.err());
        assertEquals(existing, Files.readString(privateFile));
        // no public key of a pair that was never kept
        assertFalse(Files.exists(tmp.resolve("vendor-public.pem")));
        assertFalse(Files.exists(tmp.resolve("vendor-public.jwk")));
    }
}
