package net.activationserver.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An HTTP client that speaks API.md as an appliance or an admin would, written from that page alone:
 * it signs appliance requests itself (it does not use the server's classes).
 */
public final class Http {

    public static final String APPLIANCE_KEY = "it-appliance-key-0123456789abcdef";
    /** The test servers' asl.secrets.key (pom.xml's ASL_SECRETS_KEY), which encrypts the keys they store. */
    public static final String SECRETS_KEY = "3Qcs+dWzJzSdLV0k3KVut18FhshjTRlJcs5i2DQQ7jc=";
    public static final String ADMIN_PASSWORD = "it-admin-password";
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI base;
    private final HttpClient client;
    /** How long a request may take before the test gives up on it. */
    private Duration timeout = Duration.ofSeconds(60);

    public Http(URI base) {
        this(base, CLIENT);
    }

    /** A client for an HTTPS server whose certificate this context trusts (a test CA, {@link TestCertificates}). */
    public Http(URI base, javax.net.ssl.SSLContext trust) {
        this(base, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).sslContext(trust).build());
    }

    private Http(URI base, HttpClient client) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.client = client;
    }

    /** The same client, waiting longer for each answer (a million-row write on a slow machine). */
    public Http patient(Duration timeout) {
        Http patient = new Http(base, client);
        patient.timeout = timeout;
        return patient;
    }

    public record Answer(int status, String contentType, String body, HttpResponse<String> raw) {
        public JsonObject json() {
            return (JsonObject) parse();
        }

        public JsonArray array() {
            return (JsonArray) parse();
        }

        private JsonStructure parse() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.read();
            }
        }

        public String code() {
            return json().getString("code");
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }

    /** An unsigned request (ping, lease keys, or to test refusals). */
    public Answer plain(String method, String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** A request carrying the appliance proof, signed with the given key, timestamp and nonce. */
    public Answer signed(String method, String path, String contentType, byte[] body, String key, long timestamp, String nonce,
                         String... headers) {
        String fullPath = base.getRawPath().replaceAll("/$", "") + (path.startsWith("/") ? path : "/" + path);
        UsedSecrets.used(key);
        String toSign = method + "\n" + fullPath + "\n" + timestamp + "\n" + nonce + "\n" + sha256Hex(body == null ? new byte[0] : body);
        String[] all = new String[headers.length + 8];
        all[0] = "X-ASL-Appliance";
        all[1] = "VMWARE/7.2.59.0";
        all[2] = "X-ASL-Timestamp";
        all[3] = Long.toString(timestamp);
        all[4] = "X-ASL-Nonce";
        all[5] = nonce;
        all[6] = "X-ASL-Signature";
        all[7] = hmacHex(key, toSign);
        System.arraycopy(headers, 0, all, 8, headers.length);
        return plain(method, path, contentType, body, all);
    }

    public Answer appliance(String method, String path, String jsonBody, String... headers) {
        return signed(method, path, jsonBody == null ? null : "application/json",
                jsonBody == null ? null : jsonBody.getBytes(StandardCharsets.UTF_8), APPLIANCE_KEY, System.currentTimeMillis() / 1000, nonce(), headers);
    }

    public Answer instance(String method, String path, String token, String jsonBody) {
        return appliance(method, path, jsonBody, "Authorization", "Bearer " + token);
    }

    /** POST /api/v1/instances/{id}/contributions: a license file (application/jose), Bearer token and appliance proof. */
    public Answer contribute(String instanceId, String token, String licenseFile) {
        return signed("POST", "api/v1/instances/" + instanceId + "/contributions", "application/jose",
                licenseFile.getBytes(StandardCharsets.UTF_8), APPLIANCE_KEY, System.currentTimeMillis() / 1000, nonce(),
                "Authorization", "Bearer " + token);
    }

    public Answer admin(String method, String path, String contentType, String body) {
        return as("admin", ADMIN_PASSWORD, method, path, contentType, body);
    }

    public Answer as(String user, String password, String method, String path, String contentType, String body) {
        UsedSecrets.used(password);
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return plain(method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8), "Authorization", "Basic " + basic);
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            UsedSecrets.inAnswer(response.body());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body(), response);
        } catch (Exception e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        }
    }

    public static String nonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hmacHex(String key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
