package net.activationserver.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every error is problem+json on /api/, wherever it arises: malformed headers, bad encodings, unknown methods, oversized
 * headers, requests the runtime refuses itself, and a reproducible campaign of 3,000 hostile requests; the console's own
 * pages for everything else. Requests are written to the socket as they are (RawHttp), so nothing repairs them on the way.
 */
class ErrorSurfaceIT extends ItBase {

    private static final String UNKNOWN_TYPE = "NO-SUCH-TYPE-ERR";
    private static final String HOST = "Host: localhost\r\nConnection: close\r\n";

    private RawHttp raw() {
        return new RawHttp(base);
    }

    /** A problem+json answer of that status: with its code, no HTML, no stack trace, no server name. */
    private static void assertProblem(RawHttp.Answer answer, int status, String what) {
        assertEquals(status, answer.status(), what + ": " + answer);
        assertTrue(answer.problemJson(), what + " answers problem+json with its code: " + answer);
        assertFalse(answer.html(), what + ": no HTML: " + answer);
        assertFalse(answer.leaks(), what + ": no stack trace or server name: " + answer);
    }

    /** The header lines of a signed appliance request for this method, path (as sent) and body. */
    private static String proof(String method, String path, byte[] body) {
        long now = System.currentTimeMillis() / 1000;
        String nonce = Http.nonce();
        String toSign = method + "\n" + path + "\n" + now + "\n" + nonce + "\n" + Http.sha256Hex(body);
        return "X-ASL-Appliance: VMWARE/7.2.59.0\r\nX-ASL-Timestamp: " + now + "\r\nX-ASL-Nonce: " + nonce
                + "\r\nX-ASL-Signature: " + Http.hmacHex(Http.APPLIANCE_KEY, toSign) + "\r\n";
    }

    private static byte[] request(String method, String path, String headers, byte[] body) {
        byte[] head = (method + " " + path + " HTTP/1.1\r\n" + HOST + headers + "Content-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private static byte[] signed(String method, String path, String headers, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return request(method, path, proof(method, path, bytes) + headers, bytes);
    }

    private String activation() {
        return Fixtures.activation(Fixtures.mac(), UNKNOWN_TYPE);
    }

    @Test
    void malformedContentTypeAndAcceptAre400Problems() {
        RawHttp raw = raw();
        for (String header : new String[]{"Content-Type: \r\n", "Content-Type: ;;;/\r\n", "Content-Type: application/\r\n",
                "Content-Type: json\r\n", "Content-Type: application/json\r\nAccept: /;;q=x\r\n", "Content-Type: application/json\r\nAccept: ;\r\n",
                "Content-Type: application/json\r\nAccept: text/\r\n"}) {
            assertProblem(raw.send(signed("POST", "/api/v1/activations", header, activation())), 400, header.strip());
        }
        assertProblem(raw.send(request("GET", "/api/v1/ping", "Accept: /;;q=x\r\n", new byte[0])), 400, "a bad Accept on ping");
        assertProblem(raw.send(request("GET", "/api/v1/ping", "Content-Type: \r\n", new byte[0])), 400, "an empty Content-Type on ping");
        assertProblem(raw.send(request("POST", "/api/v1/admin/users", "Authorization: Basic " + basicAdmin() + "\r\nContent-Type: ;\r\n",
                "{}".getBytes(StandardCharsets.UTF_8))), 400, "a bad Content-Type on the admin API");
        // an Accept the API cannot serve is 406, a body that is not JSON is 415: both problems
        assertProblem(raw.send(request("GET", "/api/v1/ping", "Accept: text/html\r\n", new byte[0])), 406, "Accept: text/html");
        assertProblem(raw.send(signed("POST", "/api/v1/activations", "Content-Type: text/plain\r\n", activation())), 415, "text/plain");
    }

    private static String basicAdmin() {
        return Base64.getEncoder().encodeToString(("admin:" + Http.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void badPercentEncodingsAreRefused() {
        RawHttp raw = raw();
        long before = instances();
        // in the query: the application sees the request, and refuses it
        for (String path : new String[]{"/api/v1/license-types?platform=%zz", "/api/v1/license-types?platform=VMWARE&x=%", "/api/v1/ping?%G0"}) {
            RawHttp.Answer answer = raw.send(signed("GET", path, "", ""));
            assertTrue(answer.status() == 200 && path.startsWith("/api/v1/ping") || answer.status() >= 400 && answer.status() < 500,
                    path + ": " + answer);
            if (answer.status() >= 400 && !(isWildFly() && answer.body().isEmpty())) {
                assertProblem(answer, answer.status(), path);
            } else if (answer.status() >= 400) { // Undertow's parser refuses a query that does not decode (docs/DECISIONS.md)
                assertRuntimeRefusal(answer, path);
            }
        }
        // in the path, encoded characters the application refuses: a problem, never 200
        for (String path : new String[]{"/api/v1/instances/%2e%2e/heartbeat", "/api/v1/instances/%0d%0a/heartbeat", "/api/v1/%7Bid%7D"}) {
            RawHttp.Answer answer = raw.send(signed("POST", path, "", ""));
            assertTrue(answer.status() >= 400 && answer.status() < 500, path + ": " + answer);
            assertProblem(answer, answer.status(), path);
        }
        // in the path, encodings that do not decode: the runtime answers before any application (docs/DECISIONS.md)
        for (String path : new String[]{"/api/v1/instances/%zz/heartbeat", "/api/v1/ping%", "/api/v1/%C0%AF", "/api/v1/ping%00"}) {
            RawHttp.Answer answer = raw.send(signed("POST", path, "", ""));
            assertRuntimeRefusal(answer, path);
        }
        assertEquals(before, instances(), "nothing changed");
    }

    /**
     * An answer the runtime writes before the application sees the request: on WildFly and for most requests on Payara a
     * 4xx without a body; on Payara Micro 6.2025.10 a path whose percent-encoding does not decode gets 200 with an empty
     * body and no Content-Type (its CoyoteAdapter lets the decoder's IllegalArgumentException escape; docs/DECISIONS.md).
     * Never HTML, never a stack trace, never a body an appliance could take for an answer of the protocol.
     */
    private static void assertRuntimeRefusal(RawHttp.Answer answer, String what) {
        if (answer.problemJson()) {
            assertProblem(answer, answer.status(), what);
            return;
        }
        assertFalse(answer.html(), what + ": no HTML: " + answer);
        assertFalse(answer.leaks(), what + ": no stack trace or server name: " + answer);
        assertTrue(answer.body().isEmpty(), what + ": no body: " + answer);
        assertTrue(answer.status() == -1 || answer.status() >= 400 && answer.status() < 500
                || answer.status() == 200 && isPayara() && answer.contentType() == null, what + ": " + answer);
    }

    private static boolean isPayara() {
        return !isWildFly();
    }

    private static boolean isWildFly() {
        return "wildfly".equals(Fixtures.runtime());
    }

    /** {@code get} of a read: WildFly's HTTP parser (Undertow) takes a known method in small letters for itself, a GET. */
    private static boolean lowerCaseGetOfARead(Hostile hostile) {
        String line = new String(hostile.bytes(), 0, Math.min(40, hostile.bytes().length), StandardCharsets.ISO_8859_1);
        return line.startsWith("get /api/v1/ping ") || line.startsWith("get /api/v1/lease-keys ") || line.startsWith("get /api/v1/license-types");
    }

    /** A query whose percent-encoding does not decode: WildFly's HTTP parser (Undertow) refuses it before the application. */
    private static boolean undecodableQuery(Hostile hostile) {
        String head = new String(hostile.bytes(), 0, Math.min(400, hostile.bytes().length), StandardCharsets.ISO_8859_1);
        int space = head.indexOf(' '), query = head.indexOf('?'), end = head.indexOf(" HTTP/");
        return space > 0 && query > space && end > query
                && java.util.regex.Pattern.compile("%(?![0-9A-Fa-f]{2})").matcher(head.substring(query, end)).find();
    }

    @Test
    void unknownMethodsAre405Problems() {
        RawHttp raw = raw();
        for (String method : new String[]{"FOO", "PROPFIND", "PATCH", "MKCOL", "get"}) {
            for (String path : new String[]{"/api/v1/ping", "/api/v1/activations", "/api/v1/instances/00000000-0000-4000-8000-000000000000/heartbeat"}) {
                RawHttp.Answer answer = raw.send(request(method, path, "", new byte[0]));
                if (isWildFly() && method.equals("get") && path.equals("/api/v1/ping") && answer.status() == 200) {
                    continue; // Undertow's parser takes a known method in small letters for itself: this is a GET of the ping
                }
                assertTrue(answer.status() == 405 || answer.status() == 400 || answer.status() == 401, method + " " + path + ": " + answer);
                assertProblem(answer, answer.status(), method + " " + path);
            }
        }
        // TRACE is refused by the runtime itself (405, no body) on both runtimes: the application never sees it
        assertRuntimeRefusal(raw.send(request("TRACE", "/api/v1/ping", "", new byte[0])), "TRACE");
        // OPTIONS is no error: the allowed methods, and no document naming the framework
        RawHttp.Answer options = raw.send(request("OPTIONS", "/api/v1/ping", "", new byte[0]));
        assertTrue(options.status() == 200 || options.status() == 204, options.toString());
        assertFalse(options.leaks() || options.body().contains("wadl"), options.toString());
    }

    @Test
    void malformedHttpIsRefusedWithoutAnHtmlPageOrAStackTrace() {
        RawHttp raw = raw();
        Map<String, byte[]> requests = new java.util.LinkedHashMap<>();
        requests.put("a request line that is not HTTP", "GARBAGE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        requests.put("a header without a colon", ("POST /api/v1/activations HTTP/1.1\r\n" + HOST + "NoColonHere\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        requests.put("an oversized header", ("POST /api/v1/activations HTTP/1.1\r\n" + HOST + "X-Big: " + "a".repeat(70_000) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        requests.put("an oversized request line", ("GET /api/v1/" + "a".repeat(70_000) + " HTTP/1.1\r\n" + HOST + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        requests.put("a Content-Length that is no number", ("POST /api/v1/activations HTTP/1.1\r\n" + HOST + "Content-Length: abc\r\n\r\n{}")
                .getBytes(StandardCharsets.ISO_8859_1));
        requests.put("a broken chunk", ("POST /api/v1/activations HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        requests.put("a control character in the path", ("GET /api/v1/pi\u0001ng HTTP/1.1\r\n" + HOST + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        byte[] garbage = new byte[2048];
        new Random(19).nextBytes(garbage);
        requests.put("garbage bytes", garbage);
        long before = instances();
        for (Map.Entry<String, byte[]> request : requests.entrySet()) {
            RawHttp.Answer answer = raw.send(request.getValue());
            assertRuntimeRefusal(answer, request.getKey());
            assertFalse(answer.status() == 200, request.getKey() + " is never 200: " + answer);
        }
        assertEquals(before, instances(), "nothing changed");
        // the server still answers
        assertEquals(200, http.plain("GET", "api/v1/ping", null, null).status());
    }

    @Test
    void theConsoleShowsItsOwnPagesWithoutStackTraceOrServerVersion() throws Exception {
        RawHttp raw = raw();
        for (String path : new String[]{"/no-such-page", "/console-nope.xhtml", "/resources/nope.css"}) {
            RawHttp.Answer answer = raw.send(request("GET", path, "", new byte[0]));
            assertEquals(404, answer.status(), path + ": " + answer);
            assertConsolePage(answer, "Page not found", path);
        }
        RawHttp.Answer badMethod = raw.send(request("FOO", "/no-such-page", "", new byte[0]));
        assertTrue(badMethod.status() >= 400 && badMethod.status() < 500, badMethod.toString());
        // signed in: an unknown page under /console/ is the console's not-found page
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI console = base.toURI().resolve("/console/");
        String login = browser.send(HttpRequest.newBuilder(console.resolve("login.xhtml")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher viewState = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"").matcher(login);
        assertTrue(viewState.find(), login);
        String form = "login=login&login%3Ausername=admin&login%3Apassword=" + URLEncoder.encode(Http.ADMIN_PASSWORD, StandardCharsets.UTF_8)
                + "&login%3AsignIn=&jakarta.faces.ViewState=" + URLEncoder.encode(viewState.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(console.resolve("login.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, signedIn.statusCode(), signedIn.body());
        for (String page : new String[]{"no-such-page.xhtml", "no-such-page", "nested/no-such-page.xhtml"}) {
            HttpResponse<String> missing = browser.send(HttpRequest.newBuilder(console.resolve(page)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, missing.statusCode(), page + ": " + missing.body());
            assertTrue(missing.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page);
            assertFalse(missing.headers().firstValue("Server").isPresent() || missing.headers().firstValue("X-Powered-By").isPresent(),
                    page + ": no server name");
            assertConsolePage(RawHttp.parse(("HTTP/1.1 404 x\r\nContent-Type: text/html\r\n\r\n" + missing.body()).getBytes(StandardCharsets.UTF_8)),
                    "Page not found", page);
        }
    }

    private static void assertConsolePage(RawHttp.Answer answer, String heading, String what) {
        assertTrue(answer.html() && answer.body().contains("Activation Server") && answer.body().contains(heading)
                && answer.body().contains("console.css"), what + " shows the console's page: " + answer);
        assertFalse(answer.leaks() || answer.body().contains("Error report") || answer.body().matches("(?s).*\\d+\\.\\d{4}\\.\\d+.*"),
                what + ": no stack trace, server name or version: " + answer);
    }

    // ---- the campaign ----

    private static final int CAMPAIGN = 3000;
    private static final String[] ODD_METHODS = {"FOO", "PROPFIND", "PATCH", "MKCOL", "LOCK", "get", "DELETE", "PUT", "TRACE", "BREW", "M-SEARCH"};
    private static final String[] PATHS = {"/api/v1/activations", "/api/v1/instances/%s/heartbeat", "/api/v1/instances/%s/license",
            "/api/v1/instances/%s", "/api/v1/license-types?platform=VMWARE", "/api/v1/ping", "/api/v1/admin/instances", "/api/v1/lease-keys"};

    /** One hostile request and how it may be answered. */
    private record Hostile(String kind, byte[] bytes) {
    }

    @Test
    void threeThousandHostileRequestsChangeNothingAndGetOnlyProblems() throws Exception {
        String type = Fixtures.typeCode("ERR");
        install(Fixtures.licenseFile("L-" + type, 1000, type, "100"));
        JsonObject activated = activate(Fixtures.mac(), type);
        String instanceId = activated.getString("instanceId");
        String poolBefore = http.admin("GET", "api/v1/admin/pool", null, null).body();
        String instancesBefore = http.admin("GET", "api/v1/admin/instances?limit=500", null, null).body();
        long countBefore = instances();

        Random random = new Random(19);
        List<Hostile> campaign = new ArrayList<>();
        for (int i = 0; i < CAMPAIGN; i++) {
            campaign.add(hostile(random, instanceId));
        }
        RawHttp raw = raw();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        Map<String, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        try {
            List<Future<RawHttp.Answer>> answers = new ArrayList<>();
            for (Hostile hostile : campaign) {
                answers.add(senders.submit(() -> raw.send(hostile.bytes())));
            }
            for (int i = 0; i < campaign.size(); i++) {
                Hostile hostile = campaign.get(i);
                RawHttp.Answer answer = answers.get(i).get();
                String outcome = answer.problemJson() ? "problem+json" : answer.status() < 0 ? "closed unanswered"
                        : answer.status() < 300 && !answer.body().isEmpty() ? "json of a read" : "bare (runtime)";
                statuses.merge(hostile.kind() + " " + answer.status() + " " + outcome, 1, Integer::sum);
                String problem = verdict(hostile, answer);
                if (problem != null && failures.size() < 20) {
                    failures.add("#" + i + " " + hostile.kind() + ": " + problem + "\n  sent: "
                            + new String(hostile.bytes(), 0, Math.min(300, hostile.bytes().length), StandardCharsets.ISO_8859_1)
                            + "\n  got: " + answer);
                }
            }
        } finally {
            senders.shutdownNow();
        }
        System.out.printf("ErrorSurfaceIT campaign on %s: %d requests in %d ms; kind, status, answer: count%n", Fixtures.runtime(), CAMPAIGN,
                (System.nanoTime() - started) / 1_000_000);
        statuses.forEach((key, count) -> System.out.println("  " + key + ": " + count));
        assertTrue(failures.isEmpty(), failures.size() + " answer(s) broke the rules, the first:\n" + String.join("\n", failures));
        assertEquals(poolBefore, http.admin("GET", "api/v1/admin/pool", null, null).body(), "the pool is unchanged");
        assertEquals(instancesBefore, http.admin("GET", "api/v1/admin/instances?limit=500", null, null).body(), "the instances are unchanged");
        assertEquals(countBefore, instances());
        assertEquals(200, http.instance("POST", "api/v1/instances/" + instanceId + "/heartbeat", activated.getString("instanceToken"), null).status(),
                "the real appliance still heartbeats");
    }

    /** A GET of the reads (ping, the lease keys, the license types): an odd header there may well be answered 200, changing nothing. */
    private static boolean readsOnly(Hostile hostile) {
        String line = new String(hostile.bytes(), 0, Math.min(40, hostile.bytes().length), StandardCharsets.ISO_8859_1);
        return line.startsWith("GET /api/v1/ping ") || line.startsWith("GET /api/v1/lease-keys ") || line.startsWith("GET /api/v1/license-types?");
    }

    /**
     * Why this answer breaks the rules, or null. Requests of the kinds {@code socket*} and {@code runtime-path} are refused
     * by the runtime's HTTP parser or URI decoder before any application code runs; their accepted answers are listed in
     * docs/DECISIONS.md ("Errors the runtime answers itself").
     */
    private static String verdict(Hostile hostile, RawHttp.Answer answer) {
        if (answer.html() || answer.leaks()) {
            return "HTML, a stack trace or a server name";
        }
        if (answer.problemJson()) {
            return answer.status() >= 500 ? "a 5xx" : null;
        }
        if (answer.status() >= 200 && answer.status() < 300 && (readsOnly(hostile) || isWildFly() && lowerCaseGetOfARead(hostile))
                && answer.contentType() != null
                && answer.contentType().startsWith("application/json")) {
            return null; // an odd header on a public read: answered, nothing changed
        }
        boolean beforeTheApplication = hostile.kind().startsWith("socket") || hostile.kind().equals("runtime-path")
                || isWildFly() && undecodableQuery(hostile);
        if (beforeTheApplication) {
            boolean noBodyOrProblem = answer.body().isEmpty() || answer.body().startsWith("{\"code\":\"ASL_"); // HTTP/0.9: no headers
            if (answer.status() == -1
                    || answer.status() >= 400 && answer.status() < 500 && noBodyOrProblem
                    || answer.status() == 505 && hostile.kind().equals("socket-version") && answer.body().isEmpty()
                    || answer.status() == 200 && hostile.kind().equals("runtime-path") && isPayara() && answer.body().isEmpty()
                    && answer.contentType() == null) {
                return null;
            }
        }
        if (answer.status() >= 500) {
            return "a 5xx";
        }
        if (answer.status() >= 200 && answer.status() < 300) {
            return "a success for a hostile request";
        }
        return "not problem+json";
    }

    private Hostile hostile(Random random, String instanceId) {
        String id = random.nextInt(4) == 0 ? instanceId : randomId(random);
        return switch (random.nextInt(10)) {
            case 0, 1 -> new Hostile("json-activation", signedBytes(random, "POST", "/api/v1/activations", mutate(random, activation())));
            case 2 -> new Hostile("json-heartbeat", signedBytes(random, "POST", "/api/v1/instances/" + id + "/heartbeat",
                    mutate(random, "{\"build\":\"7.2.59.0\",\"uptimeSeconds\":123}")));
            case 3 -> new Hostile("header", badHeaders(random, id));
            case 4 -> new Hostile("path", request(pick(random, new String[]{"GET", "POST"}), badPath(random, id), "", new byte[0]));
            case 5 -> {
                String method = pick(random, ODD_METHODS);
                // TRACE is refused by the runtime itself, before the application (405 without a body)
                yield new Hostile(method.equals("TRACE") ? "socket-trace" : "method",
                        request(method, String.format(pick(random, PATHS), id), "", new byte[0]));
            }
            case 6 -> {
                String path = "/api/v1/instances/" + id.substring(0, 8) + pick(random, new String[]{"%zz", "%", "%4", "%C0%AF", "%00", "%FF%FE", "\u00e9"}) + "/heartbeat";
                yield new Hostile("runtime-path", request("POST", path, "", new byte[0]));
            }
            default -> {
                byte[] bytes = malformed(random, id);
                String head = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
                yield new Hostile(head.contains(" HTTP/9.9") ? "socket-version" : "socket", bytes);
            }
        };
    }

    private static String pick(Random random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static String randomId(Random random) {
        return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
    }

    /** A signed request, or one of its proof headers spoiled now and then. */
    private static byte[] signedBytes(Random random, String method, String path, byte[] body) {
        String proof = proof(method, path, body);
        if (random.nextInt(8) == 0) {
            proof = proof.replace("X-ASL-Signature: ", "X-ASL-Signature: 0");
        }
        String type = random.nextInt(10) == 0 ? pick(random, new String[]{"", "application/jsonx", "text/plain", ";", "application/json; charset=klingon"})
                : "application/json";
        return request(method, path, proof + "Content-Type: " + type + "\r\n", body);
    }

    /** The body with one hostile change: cut, a flipped byte, a wrong type, a duplicate, deep nesting, bad UTF-8 ... */
    private static byte[] mutate(Random random, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(12)) {
            case 0:
                return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 1:
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                return bytes;
            case 2:
                return json.replaceFirst(":\"[^\"]*\"", ":" + pick(random, new String[]{"123", "null", "true", "[]", "{}", "1e999", "-0", "\"\""}))
                        .getBytes(StandardCharsets.UTF_8);
            case 3:
                return json.replaceFirst("\\{", "{\"mac\":\"00:50:56:00:00:01\",").getBytes(StandardCharsets.UTF_8);
            case 4:
                return ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8);
            case 5:
                return new byte[]{(byte) 0xC0, (byte) 0xAF, '{', (byte) 0xFF, '}'};
            case 6:
                return json.replaceFirst("\"[a-zA-Z]+\":", "\"" + "\\u0000\\r\\n".repeat(3) + "\":").getBytes(StandardCharsets.UTF_8);
            case 7:
                return json.replace("}", ",\"extra\":" + "1".repeat(400) + "}").getBytes(StandardCharsets.UTF_8);
            case 8:
                return ("{\"mac\":\"" + "A".repeat(66_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 9:
                return new byte[0];
            case 10:
                return json.replaceFirst("\"[^\"]*\"}$", "\"\\ud800\"}").getBytes(StandardCharsets.UTF_8);
            default:
                return (json + json).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static byte[] badHeaders(Random random, String id) {
        String[] headers = {"Content-Type: \r\n", "Content-Type: ;;;/\r\n", "Accept: /;;q=x\r\n", "Accept: ;\r\n", "Accept: text/html\r\n",
                "Content-Type: application/json\r\nContent-Type: text/plain\r\n", "X-ASL-Timestamp: 99999999999999999999\r\n",
                "Authorization: Bearer \r\n", "Authorization: Basic ####\r\n", "Authorization: Basic " + "A".repeat(4000) + "\r\n",
                "X-Forwarded-For: \r\n", "X-Forwarded-For: 1.2.3.4\r\nX-Forwarded-Proto: gopher\r\n", "Accept-Language: ;;;=\r\n",
                "Cookie: ;;==;\r\n", "Date: yesterday\r\n", "Content-Language: 12345678901234567890\r\n",
                "X-ASL-Signature: " + "f".repeat(64) + "\r\n"};
        String path = String.format(pick(random, PATHS), id);
        String method = path.contains("heartbeat") || path.endsWith("activations") ? "POST" : "GET";
        byte[] body = method.equals("POST") ? "{}".getBytes(StandardCharsets.UTF_8) : new byte[0];
        String proof = random.nextBoolean() ? proof(method, path, body) : "";
        return request(method, path, proof + pick(random, headers), body);
    }

    private static String badPath(Random random, String id) {
        return pick(random, new String[]{
                "/api/v1/instances/" + id + "/heartbeat/../../../admin/instances", "/api/v1/instances/%2e%2e/%2e%2e/admin/instances",
                "/api/v1/instances/" + id + ";jsessionid=x/heartbeat", "/api/v1//activations", "/api/v1/instances/%0d%0aX:1/heartbeat",
                "/api/v1/instances/" + "9".repeat(2000) + "/heartbeat", "/api/v1/license-types?platform=" + "%41".repeat(500),
                "/api/v1/license-types?platform=VMWARE&platform=KVM", "/api/v2/activations", "/api", "/api/", "/api/v1",
                "/api/v1/instances/{id}/heartbeat".replace("{", "%7B").replace("}", "%7D"),
                "/api/v1/ping/../admin/users", "/api/v1/instances/" + id + "/heartbeat?x=%zz", "/api/v1/activations;x=1"});
    }

    private static byte[] malformed(Random random, String id) {
        String path = "/api/v1/instances/" + id + "/heartbeat";
        String text = switch (random.nextInt(13)) {
            case 0 -> "POST " + path + "\r\n\r\n";
            case 1 -> "POST " + path + " HTTP/9.9\r\n" + HOST + "\r\n";
            case 2 -> "POST " + path + " HTTP/1.1\r\n" + HOST + "NoColon\r\nContent-Length: 0\r\n\r\n";
            case 3 -> "POST " + path + " HTTP/1.1\r\n" + HOST + "X-Big: " + "b".repeat(20_000 + random.nextInt(60_000)) + "\r\n\r\n";
            case 4 -> "POST " + path + " HTTP/1.1\r\n" + HOST + "Content-Length: -5\r\n\r\n";
            case 5 -> "POST " + path + " HTTP/1.1\r\n" + HOST + "Content-Length: 10\r\nContent-Length: 2\r\n\r\n{}";
            case 6 -> "POST " + path + " HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n{}\r\n0\r\n\r\n";
            case 7 -> "POST " + path + " HTTP/1.1\n" + HOST.replace("\r\n", "\n") + "Content-Length: 0\n\n";
            case 8 -> " " + path + " HTTP/1.1\r\n" + HOST + "\r\n";
            case 9 -> "POST " + path + " HTTP/1.1\r\n" + HOST + " leading-space: x\r\n\r\n";
            case 10 -> "POST\t" + path + "\tHTTP/1.1\r\n" + HOST + "\r\n";
            case 11 -> "POST " + path + " HTTP/1.1\r\n" + HOST + pick(random, new String[]{"X-ASL-Appliance: \r\n\tcontinued\r\n",
                    "X-Evil: a\u0000b\r\n", "X-Evil: a\rb\r\n",
                    "X-ASL-Nonce: \u00ff\u00fe\r\n", "X-ASL-Appliance: VMWARE/\u00ff\u00fe\r\n", "Expect: 100-continue-please\r\n"}) + "Content-Length: 0\r\n\r\n";
            default -> null;
        };
        if (text != null) {
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
        byte[] garbage = new byte[1 + random.nextInt(4096)];
        random.nextBytes(garbage);
        return garbage;
    }
}
