package net.activationserver.agent;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which certificates an https:// server's chain is verified against: the system trust store (the JVM's default), or
 * only the CA certificate(s) of a PEM file ({@code --ca-file}, like curl's --cacert). Either way the JDK's HttpClient
 * also verifies the host name; nothing here turns that off, and a chain that does not verify is an error, never a
 * fallback to another trust store or to http. The single agent and {@code fleet} both build their HttpClient through
 * {@link #configure}.
 */
public final class Trust {

    /** The JVM's default trust store (normally the system's CA certificates). */
    public static final Trust SYSTEM = new Trust(null, null, 0);

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);

    private final Path caFile;
    private final SSLContext context;
    private final int certificates;

    private Trust(Path caFile, SSLContext context, int certificates) {
        this.caFile = caFile;
        this.context = context;
        this.certificates = certificates;
    }

    /**
     * Trusts only the certificates in {@code pemFile}. A file that is missing, unreadable, holds no
     * {@code -----BEGIN CERTIFICATE-----} block or a block that is not an X.509 certificate is a usage error naming
     * the file ({@code origin} says where the name came from, e.g. "--ca-file").
     */
    public static Trust caFile(Path pemFile, String origin) {
        Path file = pemFile.toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new Options.Usage(origin + " " + file + ": no such file");
        } catch (IOException e) {
            throw new Options.Usage(origin + " " + file + ": cannot read it (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()) + ")");
        }
        List<X509Certificate> certificates = read(text, origin + " " + file);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + (i + 1), certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return new Trust(file, context, certificates.size());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context from " + file + ": " + e, e);
        }
    }

    /** The certificates of every {@code -----BEGIN CERTIFICATE-----} block in a PEM text (anything else is ignored). */
    static List<X509Certificate> read(String pem, String what) {
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher block = BLOCK.matcher(pem);
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
        while (block.find()) {
            int number = certificates.size() + 1;
            try {
                byte[] der = Base64.getMimeDecoder().decode(block.group(1).strip());
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
                throw new Options.Usage(what + ": certificate " + number + " is not a valid X.509 certificate ("
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip()) + ")");
            }
        }
        if (certificates.isEmpty()) {
            throw new Options.Usage(what + ": holds no certificate (expected one or more PEM blocks "
                    + "-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)");
        }
        return certificates;
    }

    /** The absolute path of the CA file, or null for the system trust store. */
    public Path caFile() {
        return caFile;
    }

    /** How many certificates the CA file holds (0 for the system trust store). */
    public int certificates() {
        return certificates;
    }

    /** The SSLContext every https connection uses, or null for the JVM's default. */
    SSLContext sslContext() {
        return context;
    }

    /** Sets this trust on an HttpClient builder (the JVM's default context when it is the system trust store). */
    public HttpClient.Builder configure(HttpClient.Builder builder) {
        return context == null ? builder : builder.sslContext(context);
    }

    /** "the system trust store" or "the CA file /etc/asl/ca.pem (2 certificates)". */
    public String describe() {
        return caFile == null ? "the system trust store"
                : "the CA file " + caFile + " (" + certificates + (certificates == 1 ? " certificate)" : " certificates)");
    }

    /** What follows "certificate not trusted (...)": what to do about it. */
    String untrustedHint() {
        return caFile == null ? "; give --ca-file PEM for a private CA" : "; checked against the CA certificate(s) in " + caFile;
    }

    @Override
    public String toString() {
        return describe();
    }
}
