package net.activationserver.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes bytes to the server's HTTP port as they are, with no client library in between to refuse or repair them
 * (a request line without a version, a header without a colon, a bad percent-encoding, garbage), and reads what comes
 * back until the server closes the connection.
 */
final class RawHttp {

    private final String host;
    private final int port;

    RawHttp(URL base) {
        this.host = base.getHost();
        this.port = base.getPort() < 0 ? 80 : base.getPort();
    }

    /** What came back: a status of -1 when the server closed the connection (or kept silent) without an answer. */
    record Answer(int status, Map<String, String> headers, String body, String raw) {

        String contentType() {
            return headers.get("content-type");
        }

        boolean answered() {
            return status > 0;
        }

        boolean problemJson() {
            return contentType() != null && contentType().startsWith("application/problem+json")
                    && body.contains("\"code\":\"ASL_") && body.contains("\"status\":" + status);
        }

        boolean html() {
            String lower = body.toLowerCase(Locale.ROOT);
            return lower.contains("<html") || lower.contains("<!doctype") || (contentType() != null && contentType().startsWith("text/html"));
        }

        /** Anything that tells the runtime, its version, or the code: a stack trace, an exception, a server name. */
        boolean leaks() {
            String lower = raw.toLowerCase(Locale.ROOT);
            return lower.contains("exception") || lower.contains("\tat ") || lower.contains("payara") || lower.contains("glassfish")
                    || lower.contains("wildfly") || lower.contains("undertow") || lower.contains("jersey") || lower.contains("resteasy")
                    || headers.containsKey("server") || headers.containsKey("x-powered-by");
        }

        @Override
        public String toString() {
            return raw.length() > 600 ? raw.substring(0, 600) + "..." : raw;
        }
    }

    Answer send(String request) {
        return send(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends the bytes, tells the server nothing more comes, and reads the answer (at most 5 s of silence). */
    Answer send(byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException closedWhileWriting) {
                // the server may refuse an oversized request before it is all written; its answer is still there to read
            }
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("could not reach " + host + ":" + port + ": " + e, e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                answer.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException silentOrReset) {
            // what arrived so far is the answer
        }
        return answer.toByteArray();
    }

    static Answer parse(byte[] bytes) {
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = raw.indexOf("\r\n\r\n");
        if (!raw.startsWith("HTTP/") || end < 0) {
            return new Answer(-1, Map.of(), "", raw);
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
        }
        String body = raw.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Answer(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8), raw);
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }
}
