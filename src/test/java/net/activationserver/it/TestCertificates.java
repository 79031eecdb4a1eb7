package net.activationserver.it;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * A private CA and a server keystore it signed, made with the JDK's keytool as an operator would (README, "TLS"): the
 * server's PKCS#12 holds the key under the alias {@code asl}, for {@code localhost} and {@code 127.0.0.1}.
 */
public final class TestCertificates {

    public static final String PASSWORD = "it-tls-password";

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A CA named {@code name} and a server keystore it signed, in a folder of that name under target/. */
    public static TestCertificates make(String name) throws IOException, InterruptedException {
        Path dir = Path.of("target", "tls-" + name).toAbsolutePath();
        Files.createDirectories(dir);
        for (String file : List.of("ca.p12", "ca.pem", "tls.p12", "server.pem")) {
            Files.deleteIfExists(dir.resolve(file)); // made afresh each run: they expire, and a broken run leaves halves
        }
        keytool(dir, null, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", "CN=" + name + " test CA", "-ext", "bc:c", "-storetype", "PKCS12", "-keystore", "ca.p12", "-storepass", PASSWORD);
        Files.writeString(dir.resolve("ca.pem"), keytool(dir, null, "-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12",
                "-storepass", PASSWORD));
        keytool(dir, null, "-genkeypair", "-alias", "asl", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", "CN=localhost", "-storetype", "PKCS12", "-keystore", "tls.p12", "-storepass", PASSWORD);
        String request = keytool(dir, null, "-certreq", "-alias", "asl", "-keystore", "tls.p12", "-storepass", PASSWORD);
        String signed = keytool(dir, request, "-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD,
                "-validity", "30", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "EKU=serverAuth");
        Files.writeString(dir.resolve("server.pem"), signed);
        keytool(dir, null, "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "tls.p12", "-storepass", PASSWORD);
        keytool(dir, null, "-importcert", "-alias", "asl", "-file", "server.pem", "-keystore", "tls.p12", "-storepass", PASSWORD);
        return new TestCertificates(dir);
    }

    /** The server's keystore (ASL_TLS_KEYSTORE). */
    public Path keystore() {
        return dir.resolve("tls.p12");
    }

    /** The CA's certificate, PEM (the agent's --ca-file). */
    public Path caFile() {
        return dir.resolve("ca.pem");
    }

    /** A client context that trusts this CA only. */
    public SSLContext trust() throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream pem = Files.newInputStream(caFile())) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static String keytool(Path dir, String input, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
        }
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", arguments) + " failed: " + err + out);
        }
        return out;
    }
}
