package net.activationserver.agent;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Blocking requests of one appliance, with failover: a refused connection, a timeout or a 5xx answer moves on to the
 * next address; the address that answered becomes the first one tried next time. Every attempt is signed afresh
 * (a new timestamp and nonce), since a nonce is never reused.
 */
public final class ApplianceClient {

    private final HttpClient http;
    private final Servers servers;
    private final Signer signer;
    private final Duration requestTimeout;

    public ApplianceClient(Servers servers, Signer signer, Duration connectTimeout, Duration requestTimeout) {
        this.servers = servers;
        this.signer = signer;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Servers servers() {
        return servers;
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
                reasons.add(base + ": " + describe(e));
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

    /** A short reason for a failed attempt: "connection refused", "timed out after 5 s", "unknown host" ... */
    public static String describe(Throwable error) {
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
}
