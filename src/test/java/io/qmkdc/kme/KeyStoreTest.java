package io.qmkdc.kme;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.Test;

/** Keys out of the links' delivery shares: identical at master and slaves, once per slave, priced per link. */
public class KeyStoreTest {
    private static Etsi014.KeyContainer served(KmeReply<Etsi014.KeyContainer> r) {
        assertTrue("expected keys, got " + r, r instanceof KmeReply.Served);
        return ((KmeReply.Served<Etsi014.KeyContainer>) r).body();
    }

    private static Etsi014.Status status(KmeReply<Etsi014.Status> r) {
        return ((KmeReply.Served<Etsi014.Status>) r).body();
    }

    private static int refusal(KmeReply<?> r) {
        assertTrue("expected a refusal, got " + r, r instanceof KmeReply.Refused);
        return ((KmeReply.Refused<?>) r).status();
    }

    private static byte[] bytes(Etsi014.Key k) {
        return Base64.getDecoder().decode(k.key());
    }

    private static Etsi014.KeyIds ids(Etsi014.Key... keys) {
        return Etsi014.KeyIds.of(Arrays.stream(keys).map(Etsi014.Key::keyId).toList());
    }

    @Test
    public void statusReportsKmesLimitsAndWhatThePoolsAllow() {
        KmeFixture f = new KmeFixture().fill("g1", 2560).fill("g2", 1000).fill("g3", 2000);
        Etsi014.Status s = status(f.store.status("a1", "b1"));
        assertEquals("kme-g1", s.sourceKmeId());
        assertEquals("kme-g2", s.targetKmeId());
        assertEquals("a1", s.masterSaeId());
        assertEquals("b1", s.slaveSaeId());
        assertEquals(256, s.keySize());
        assertEquals(16, s.maxSaeIdCount());
        // g1 allows 2560/256 = 10 keys, the relay hop onto g2 (fresh 256-bit key each) 1000/256 = 3.
        assertEquals(3, s.storedKeyCount());
        // Same KME: only g1's share counts.
        assertEquals(10, status(f.store.status("a1", "a2")).storedKeyCount());
        // TOP_SECRET g3: a one-time pad of 256 + 122 bits per key: 2000/378 = 5.
        assertEquals(5, status(f.store.status("a1", "c1")).storedKeyCount());
        assertEquals(3, status(f.store.status("b1", "a1")).storedKeyCount()); // g2 limits b1 -> a1 too
    }

    @Test
    public void keysAreTheLinksQkdMaterialNotFreshRandomness() {
        KmeFixture f = new KmeFixture().fill("g1", 1024);
        byte[] deposited = new byte[128];
        new Random(7).nextBytes(deposited); // what the fixture's first keyed round put on g1
        Etsi014.KeyContainer c = served(f.store.encKeys("a1", "a2", Etsi014.KeyRequest.of(2, 256)));
        assertArrayEquals(Arrays.copyOfRange(deposited, 0, 32), bytes(c.keys().get(0)));
        assertArrayEquals(Arrays.copyOfRange(deposited, 32, 64), bytes(c.keys().get(1)));
    }

    @Test
    public void multicastAcrossGroupsGivesEverySlaveTheSameBytesOnce() {
        KmeFixture f = new KmeFixture().fill("g1", 1 << 14).fill("g2", 1 << 14).fill("g3", 1 << 14);
        Etsi014.KeyContainer master = served(f.store.encKeys("a1", "b1",
                new Etsi014.KeyRequest(3, 512, List.of("a2", "c1", "b2"), null, null)));
        assertEquals(3, master.keys().size());
        Etsi014.Key[] keys = master.keys().toArray(Etsi014.Key[]::new);
        for (String slave : List.of("b1", "a2", "c1", "b2")) {
            Etsi014.KeyContainer got = served(f.store.decKeys(slave, "a1", ids(keys)));
            for (int i = 0; i < 3; i++) {
                assertEquals(keys[i].keyId(), got.keys().get(i).keyId());
                assertArrayEquals(slave, bytes(keys[i]), bytes(got.keys().get(i)));
                assertEquals(64, bytes(got.keys().get(i)).length);
            }
            assertEquals(slave + " a second time", 401, refusal(f.store.decKeys(slave, "a1", ids(keys[0]))));
        }
        assertEquals(0, f.store.waitingKeys());
        assertEquals(12, f.store.deliveredKeys());
        assertFalse(new String(bytes(keys[0])).equals(new String(bytes(keys[1]))));
    }

    @Test
    public void neverToANonRecipientNorUnderAnotherMaster() {
        KmeFixture f = new KmeFixture().fill("g1", 4096).fill("g2", 4096);
        Etsi014.Key k = served(f.store.encKeys("a1", "b1", Etsi014.KeyRequest.of(1, null))).keys().get(0);
        assertEquals(401, refusal(f.store.decKeys("b2", "a1", ids(k))));
        assertEquals(401, refusal(f.store.decKeys("a2", "a1", ids(k))));
        assertEquals(401, refusal(f.store.decKeys("a1", "a1", ids(k)))); // the master is no slave of its key
        assertEquals(401, refusal(f.store.decKeys("b1", "a2", ids(k)))); // named under another master
        assertEquals(401, refusal(f.store.decKeys("b1", "a1",
                Etsi014.KeyIds.of(List.of("123e4567-e89b-12d3-a456-426614174000"))))); // unknown: same answer
        assertArrayEquals(bytes(k), bytes(served(f.store.decKeys("b1", "a1", ids(k))).keys().get(0)));
    }

    @Test
    public void callerThatIsNoSaeIsUnauthorized() {
        KmeFixture f = new KmeFixture().fill("g1", 4096);
        assertEquals(401, refusal(f.store.status("mallory", "a2")));
        assertEquals(401, refusal(f.store.encKeys("mallory", "a2", Etsi014.KeyRequest.of(1, null))));
        assertEquals(401, refusal(f.store.decKeys("mallory", "a1",
                Etsi014.KeyIds.of(List.of("123e4567-e89b-12d3-a456-426614174000")))));
    }

    @Test
    public void aKeyCostsPoolBitsOnEveryLinkItCrosses() {
        KmeFixture f = new KmeFixture().fill("g1", 8192).fill("g2", 8192).fill("g3", 8192);
        served(f.store.encKeys("a1", "b1", new Etsi014.KeyRequest(2, 512, List.of("a2", "b2", "c1"), null, null)));
        assertEquals(2 * 512, f.store.drawnBits("g1"));          // the keys themselves, once for a1's KME
        assertEquals(2 * 256, f.store.drawnBits("g2"));          // one fresh-key hop per key for b1 and b2's KME
        assertEquals(2 * (512 + 122), f.store.drawnBits("g3"));  // one-time pad + Wegman-Carter tag per key
        assertEquals(8192 - 1024, f.pools.ends("g1").kme().availableBits());
        assertEquals(8192 - 1024, f.pools.ends("g1").kdc().availableBits());
        assertEquals(f.pools.ends("g3").kme().position(), f.pools.ends("g3").kdc().position());
    }

    @Test
    public void poolShortIs503AndCostsNothing() {
        KmeFixture f = new KmeFixture().fill("g1", 4096).fill("g2", 300);
        KmeReply<Etsi014.KeyContainer> r = f.store.encKeys("a1", "b1", Etsi014.KeyRequest.of(2, 256));
        assertEquals(503, refusal(r));
        Etsi014.Error e = ((KmeReply.Refused<Etsi014.KeyContainer>) r).error();
        assertTrue(e.message(), e.message().contains("serve 1 keys"));
        assertEquals(2, e.details().size());
        assertEquals(4096, f.pools.usableBits("g1"));
        assertEquals(300, f.pools.usableBits("g2"));
        assertEquals(1, served(f.store.encKeys("a1", "b1", Etsi014.KeyRequest.of(1, 256))).keys().size());
        assertEquals(503, refusal(f.store.encKeys("a1", "b1", Etsi014.KeyRequest.of(1, 256))));
        assertEquals(503, refusal(new KmeFixture().store.encKeys("a1", "a2", Etsi014.KeyRequest.of(1, null))));
    }

    @Test
    public void storedKeyCountFallsAsKeysAreTakenAndGrowsWithNewRounds() {
        KmeFixture f = new KmeFixture().fill("g1", 2048);
        assertEquals(8, status(f.store.status("a1", "a2")).storedKeyCount());
        served(f.store.encKeys("a1", "a2", Etsi014.KeyRequest.of(3, 256)));
        assertEquals(5, status(f.store.status("a1", "a2")).storedKeyCount());
        f.fill("g1", 1024);
        assertEquals(9, status(f.store.status("a1", "a2")).storedKeyCount());
    }

    @Test
    public void keysWaitingForSlavesAreBoundedByMaxKeyCount() {
        KmeFixture f = new KmeFixture(new KmeLimits(64, 64, 64, 2, 3, 4)).fill("g1", 4096);
        Etsi014.KeyContainer c = served(f.store.encKeys("a1", "a2", Etsi014.KeyRequest.of(2, null)));
        assertEquals(1, status(f.store.status("a1", "a2")).storedKeyCount());
        assertEquals(503, refusal(f.store.encKeys("a1", "a2", Etsi014.KeyRequest.of(2, null))));
        served(f.store.decKeys("a2", "a1", ids(c.keys().get(0))));
        served(f.store.encKeys("a1", "a2", Etsi014.KeyRequest.of(2, null)));
    }

    @Test
    public void toStringShowsNoKeyBytes() {
        KmeFixture f = new KmeFixture().fill("g1", 4096);
        Etsi014.KeyContainer c = served(f.store.encKeys("a1", "a2", Etsi014.KeyRequest.of(1, null)));
        assertFalse(c.toString().contains(c.keys().get(0).key()));
        assertFalse(c.keys().get(0).toString().contains(c.keys().get(0).key()));
    }
}
