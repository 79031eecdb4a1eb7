package net.activationserver.agent;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ServersTest {

    private static final List<URI> THREE = Servers.parse("http://h1:8080, http://h2:8080/,https://h3/asl/");

    @Test
    void parsesACommaSeparatedListWithoutTrailingSlashes() {
        assertEquals(List.of(URI.create("http://h1:8080"), URI.create("http://h2:8080"), URI.create("https://h3/asl")), THREE);
        assertThrows(IllegalArgumentException.class, () -> Servers.parse("h1:8080"));
        assertThrows(IllegalArgumentException.class, () -> Servers.parse("ftp://h1"));
        assertThrows(IllegalArgumentException.class, () -> Servers.parse(" , "));
    }

    @Test
    void startsAtTheFirstAddressWhenNoneAnsweredYet() {
        assertArrayEquals(new int[] {0, 1, 2}, new Servers(THREE, null).order());
        assertArrayEquals(new int[] {0, 1, 2}, new Servers(THREE, "http://elsewhere:8080").order());
    }

    @Test
    void startsAtTheLastGoodAddressAndGoesOnAroundTheList() {
        Servers servers = new Servers(THREE, "http://h2:8080/");
        assertArrayEquals(new int[] {1, 2, 0}, servers.order());
        servers.succeeded(2);
        assertArrayEquals(new int[] {2, 0, 1}, servers.order());
        assertEquals(URI.create("https://h3/asl"), servers.preferred());
        assertEquals(0, servers.next(2, 1));
        assertEquals(1, servers.next(2, 2));
    }

    @Test
    void theSignedPathIsTheRawPathAndQueryAsSent() {
        URI request = Servers.resolve(URI.create("https://h3/asl"), "/api/v1/license-types?platform=VMWARE");
        assertEquals("https://h3/asl/api/v1/license-types?platform=VMWARE", request.toString());
        assertEquals("/asl/api/v1/license-types?platform=VMWARE", Servers.signedPath(request));
        assertEquals("/api/v1/ping", Servers.signedPath(Servers.resolve(URI.create("http://h1:8080"), "/api/v1/ping")));
    }
}
