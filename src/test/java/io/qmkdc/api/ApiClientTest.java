package io.qmkdc.api;

import static org.junit.Assert.*;

import java.net.URI;
import org.junit.Test;

/** {@code --connect} values: only http(s)://HOST:PORT. */
public class ApiClientTest {
    @Test
    public void acceptsHostAndPort() {
        assertEquals(URI.create("http://127.0.0.1:8558"), ApiClient.parseBase("http://127.0.0.1:8558"));
        assertEquals(URI.create("http://localhost:1"), ApiClient.parseBase("http://localhost:1/"));
    }

    @Test
    public void refusesEverythingElseNamingTheOption() {
        for (String bad : new String[] {"127.0.0.1:8558", "ftp://h:1", "http://h", "http://h:0", "http://h:1/status",
                "http://h:1?x=1", "http://u@h:1", "http://h:99999", "not a url"}) {
            try {
                ApiClient.parseBase(bad);
                fail("accepted " + bad);
            } catch (IllegalArgumentException e) {
                assertTrue(bad + " -> " + e.getMessage(), e.getMessage().startsWith("--connect: "));
            }
        }
    }
}
