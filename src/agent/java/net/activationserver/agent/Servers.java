package net.activationserver.agent;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The server addresses an appliance knows, in the order given, and the one that answered last. Requests start at
 * that one and go on around the list, as a client behind a virtual address would see one node after another.
 */
public final class Servers {

    private final List<URI> bases;
    private volatile int preferred;

    public Servers(List<URI> bases, String lastGood) {
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("no server address");
        }
        this.bases = List.copyOf(bases);
        int index = lastGood == null ? -1 : indexOf(lastGood);
        this.preferred = Math.max(index, 0);
    }

    /** Parses "http://h1:8080,http://h2:8080/" into base URIs without trailing slash. */
    public static List<URI> parse(String commaSeparated) {
        List<URI> bases = new ArrayList<>();
        for (String part : commaSeparated.split("[,\\s]+")) {
            if (!part.isBlank()) {
                bases.add(base(part));
            }
        }
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("no server address in '" + commaSeparated + "'");
        }
        return bases;
    }

    static URI base(String text) {
        String value = text.strip();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a server address: '" + text + "' (like http://host:8080 or https://host:8443)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("not a server address: '" + text + "' (like http://host:8080 or https://host:8443)");
        }
        return uri;
    }

    public int size() {
        return bases.size();
    }

    public URI get(int index) {
        return bases.get(index);
    }

    public List<URI> all() {
        return bases;
    }

    /** Indexes to try, the last good one first, then the following ones around the list. */
    public int[] order() {
        int start = preferred;
        int[] order = new int[bases.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = (start + i) % order.length;
        }
        return order;
    }

    /** The index tried after {@code attempt} failures of a request that started at {@code first}. */
    public int next(int first, int attempt) {
        return (first + attempt) % bases.size();
    }

    public int preferredIndex() {
        return preferred;
    }

    public URI preferred() {
        return bases.get(preferred);
    }

    public void succeeded(int index) {
        preferred = index;
    }

    public int indexOf(String base) {
        if (base == null) {
            return -1;
        }
        URI wanted;
        try {
            wanted = base(base);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        return bases.indexOf(wanted);
    }

    /** The request URI for a path such as /api/v1/ping under a base (which may carry a path prefix). */
    public static URI resolve(URI base, String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    /** What is signed: the raw path with its query exactly as it goes on the wire. */
    public static String signedPath(URI request) {
        String path = request.getRawPath() == null || request.getRawPath().isEmpty() ? "/" : request.getRawPath();
        return request.getRawQuery() == null ? path : path + "?" + request.getRawQuery();
    }

    @Override
    public String toString() {
        return String.join(", ", bases.stream().map(URI::toString).toList());
    }
}
