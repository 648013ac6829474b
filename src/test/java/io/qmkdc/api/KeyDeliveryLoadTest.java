package io.qmkdc.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.qmkdc.cli.Profiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

/**
 * A short kme-load run: four SAE clients over mutual TLS on a BB84-keyed deployment (fixed seed). Every key a slave
 * fetched equals its master's, nothing fails, and the bits add up: key bits issued <= bits drawn (keys and relay
 * hops) <= the delivery share of what the links distilled. Not a timed test: no rate is asserted.
 */
public class KeyDeliveryLoadTest {
    @Test
    public void keysIssuedAreCoveredByDistilledBits() throws Exception {
        Path dir = Files.createTempDirectory("kme-load-test");
        KeyDeliveryLoad.Result r = KeyDeliveryLoad.run(new KeyDeliveryLoad.Setup(2, 2, 256, 3, 7), Profiles::load,
                dir.resolve("pki"));
        assertEquals(4, r.saes());
        assertTrue("keys delivered: " + r, r.deliveredKeys() > 0);
        assertEquals(r.toString(), 0, r.mismatches());
        assertEquals(r.toString(), 0, r.failures());
        assertEquals("each served key fetched by its slave", r.served(), r.deliveredKeys());
        assertEquals(r.encRequests(), r.served() + r.refused503());
        assertEquals(r.served() * 256, r.issuedKeyBits());
        assertTrue(r.toString(), r.issuedKeyBits() <= r.drawnBits());
        assertTrue(r.toString(), r.drawnBits() <= r.deliveryShareBits());
        assertTrue(r.toString(), r.deliveryShareBits() <= r.distilledBits() / 2);
        assertTrue(r.toString(), r.p50Ms() > 0 && r.p50Ms() <= r.p99Ms() && r.p99Ms() <= r.maxMs());
    }
}
