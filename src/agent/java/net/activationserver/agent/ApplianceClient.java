package net.activationserver.agent;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Blocking requests of one appliance, with failover: a refused connection, a timeout, a TLS failure (a server
 * certificate that does not verify) or a 5xx answer moves on to the next address; the address that answered becomes
 * the first one tried next time. https:// addresses are verified against a {@link Trust} (the system trust store or
 * a --ca-file), host name included. Every attempt is signed afresh
 * (a new timestamp and nonce), since a nonce is never reused.
 */
public final class ApplianceClient {

    private final HttpClient http;
    private final Servers servers;
    private final Signer signer;
    private final Duration requestTimeout;
    private final Trust trust;

    /** With the system trust store for https:// addresses. */
    public ApplianceClient(Servers servers, Signer signer, Duration connectTimeout, Duration requestTimeout) {
        this(servers, signer, connectTimeout, requestTimeout, Trust.SYSTEM);
    }

    /** https:// addresses are verified against {@code trust} (and their host name, always). */
    public ApplianceClient(Servers servers, Signer signer, Duration connectTimeout, Duration requestTimeout, Trust trust) {
        this.servers = servers;
        this.signer = signer;
        this.requestTimeout = requestTimeout;
        this.trust = trust;
        this.http = trust.configure(HttpClient.newBuilder()).version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Servers servers() {
        return servers;
    }

    public Trust trust() {
        return trust;
    }

    /** {@link #describe(Throwable, Trust)} with this client's trust. */
    public String reason(Throwable error) {
        return describe(error, trust);
    }

    /** A request with the appliance proof (and a Bearer token when given), with failover. */
    public Answer signed(String method, String pathAndQuery, byte[] jsonBody, String bearer) throws NoServerAnswered {
        return send(method, pathAndQuery, jsonBody, bearer, true);
    }

    /** A request without proof (ping, lease keys), with failover. */
    public Answer plain(String method, String pathAndQuery) throws NoServerAnswered {
        return send(method, pathAndQuery, null, null, false);
    }

    private Answer send(String method, String pathAndQuery, byte[] jsonBody, String bearer, boolean signed) throws NoServerAnswered {
        List<String> reasons = new ArrayList<>();
        for (int index : servers.order()) {
            URI base = servers.get(index);
            try {
                Answer answer = sendTo(base, method, pathAndQuery, jsonBody, bearer, signed);
                if (answer.status() >= 500) {
                    reasons.add(base + ": " + answer.describe());
                    continue;
                }
                servers.succeeded(index);
                return answer;
            } catch (IOException e) {
                reasons.add(base + ": " + describe(e, trust));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reasons.add(base + ": interrupted");
                break;
            }
        }
        throw new NoServerAnswered(reasons);
    }

    /** One request to one server, no failover (used by check). */
    public Answer sendTo(URI base, String method, String pathAndQuery, byte[] jsonBody, String bearer, boolean signed)
            throws IOException, InterruptedException {
        HttpRequest request = request(base, method, pathAndQuery, jsonBody, bearer, signed ? signer : null, requestTimeout);
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long latency = System.nanoTime() - started;
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body(), base,
                latency, response.headers().firstValue("Retry-After").orElse(null));
    }

    static HttpRequest request(URI base, String method, String pathAndQuery, byte[] jsonBody, String bearer, Signer signer,
                               Duration timeout) {
        URI uri = Servers.resolve(base, pathAndQuery);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(jsonBody));
        if (jsonBody != null) {
            builder.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        if (signer != null) {
            signer.sign(builder, method, Servers.signedPath(uri), jsonBody);
        }
        return builder.build();
    }

    /** {@link #describe(Throwable, Trust)} for a client using the system trust store. */
    public static String describe(Throwable error) {
        return describe(error, Trust.SYSTEM);
    }

    /**
     * A short reason for a failed attempt: "connection refused", "connect timed out", "host name does not resolve",
     * "certificate not trusted (PKIX path building failed: ...); give --ca-file PEM for a private CA",
     * "certificate does not match host name (...)" ... ({@code trust} only shapes the advice for an untrusted certificate).
     */
    public static String describe(Throwable error, Trust trust) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof HttpConnectTimeoutException) {
                return "connect timed out";
            }
            if (e instanceof HttpTimeoutException) {
                return "no answer in time (request timed out)";
            }
            if (e instanceof UnresolvedAddressException || e instanceof java.net.UnknownHostException) {
                return "host name does not resolve";
            }
        }
        String tls = tls(error, trust == null ? Trust.SYSTEM : trust);
        if (tls != null) {
            return tls;
        }
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof ConnectException) {
                String message = e.getMessage();
                for (Throwable c = e.getCause(); message == null && c != null; c = c.getCause()) {
                    message = c.getMessage();
                }
                return message == null || message.toLowerCase(java.util.Locale.ROOT).contains("refused")
                        ? "connection refused" : "cannot connect (" + message + ")";
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static final java.util.regex.Pattern QUALIFIED_EXCEPTION =
            java.util.regex.Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ");

    /** The JDK's (non-public) certificate validation failure, matched by name. */
    private static final String VALIDATOR_EXCEPTION = "sun.security.validator.ValidatorException";

    /** The reason for a TLS failure (the server's certificate, the handshake), or null when {@code error} is none. */
    private static String tls(Throwable error, Trust trust) {
        boolean tls = false;
        for (Throwable e = error; e != null && !tls; e = e.getCause()) {
            tls = e instanceof SSLException || e instanceof CertificateException || e instanceof CertPathValidatorException
                    || e instanceof CertPathBuilderException || e.getClass().getName().equals(VALIDATOR_EXCEPTION);
        }
        if (!tls) {
            return null;
        }
        for (Throwable e = error; e != null; e = e.getCause()) {
            String message = e.getMessage();
            if (message != null && (message.contains("No subject alternative") || message.contains("No name matching"))) {
                return "certificate does not match host name (" + clean(message) + "); use an address the certificate names";
            }
        }
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof CertificateExpiredException) {
                return "certificate expired (" + clean(e.getMessage()) + ")";
            }
            if (e instanceof CertificateNotYetValidException) {
                return "certificate not yet valid (" + clean(e.getMessage()) + ")";
            }
        }
        for (Throwable e = error; e != null; e = e.getCause()) {
            String message = e.getMessage();
            if ((message != null && message.startsWith("PKIX path")) || e.getClass().getName().equals(VALIDATOR_EXCEPTION)
                    || e instanceof CertPathBuilderException || e instanceof CertPathValidatorException) {
                return "certificate not trusted (" + clean(message) + ")" + trust.untrustedHint();
            }
        }
        String message = null;
        for (Throwable e = error; e != null && message == null; e = e.getCause()) {
            message = e.getMessage();
        }
        return "TLS handshake failed (" + (message == null ? error.getClass().getSimpleName() : clean(message)) + ")";
    }

    /** "PKIX path building failed: sun.security...SunCertPathBuilderException: unable to ..." without the class names. */
    private static String clean(String message) {
        return message == null ? "no detail" : QUALIFIED_EXCEPTION.matcher(message.strip()).replaceAll("");
    }
}
