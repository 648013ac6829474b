package io.qmkdc.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.qmkdc.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * An attack shows in the 014 key supply: intercept-resend on every pulse of g2's link (QBER about 0.25, over the
 * 0.11 threshold) aborts each of its rounds, so the g2 SAEs' {@code stored_key_count} stops growing and, once the
 * pool is drained, their requests get 503 — while g1's pair a1 -> a2 keeps getting new keys. Before the attack
 * g2's supply is shown to grow, so the freeze could fail to show. BB84 with a fixed seed ({@link KmeTlsDeployment});
 * waits poll with deadlines.
 */
public class KeyDeliveryAttackTest {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final Duration POLL = Duration.ofMillis(200);

    private static KmeTlsDeployment d;

    @BeforeClass
    public static void start() throws Exception {
        d = new KmeTlsDeployment(Path.of("target/kme-attack/pki"), "a1", "a2", "b1", "b2");
    }

    @AfterClass
    public static void stop() {
        if (d != null) {
            d.close();
        }
    }

    @Test
    public void interceptResendOnG2FreezesItsSupplyWhileG1KeepsGrowing() throws Exception {
        long g2First = Eventually.await(WAIT, POLL, () -> d.pools.usableBits("g2"), n -> n > 0, "a keyed g2 round");
        Eventually.await(WAIT, POLL, () -> d.pools.usableBits("g2"), n -> n > g2First, "g2's supply growing unattacked");
        Eventually.await(WAIT, POLL, () -> d.stored("a1", "a2"), n -> n > 0, "keys for a1 -> a2");

        int before = d.aborts("g2");
        d.plane.attach(AttackRequest.parse("{\"type\":\"intercept-resend\",\"link\":\"g2\",\"fraction\":1.0}",
                java.util.Set.of("g1", "g2"), java.util.Set.of())).toCompletableFuture().get(30, TimeUnit.SECONDS);
        int attacked = Eventually.await(WAIT, POLL, () -> d.aborts("g2"), n -> n > before, "an abort of g2");
        // From its first abort on every round of g2 runs under the attack. Drain what g2 holds for b1 -> b2.
        long drained = 0;
        for (long left = d.stored("b1", "b2"); left > 0; left = d.stored("b1", "b2")) {
            long n = Math.min(left, 128);
            KmeTlsDeployment.Reply r = d.call("b1", "/api/v1/keys/b2/enc_keys", "{\"number\": " + n + "}");
            assertEquals(r.body().toString(), 200, r.status());
            drained += n;
        }
        assertTrue("g2 had keys before the drain", drained > 0);
        long g2Bits = d.pools.usableBits("g2");
        long g1Bits = d.pools.usableBits("g1");
        long toA2 = d.stored("a1", "a2");
        Eventually.await(WAIT, POLL, () -> d.pools.usableBits("g1"), n -> n > g1Bits, "a new g1 round");
        Eventually.await(WAIT, POLL, () -> d.aborts("g2"), n -> n >= attacked + 2, "two more g2 aborts");

        assertEquals("g2's supply frozen under attack", g2Bits, d.pools.usableBits("g2"));
        assertEquals(0, d.stored("b1", "b2"));
        assertEquals("a1 -> b1 crosses g2", 0, d.stored("a1", "b1"));
        for (String[] pair : new String[][] {{"b1", "b2"}, {"a1", "b1"}, {"b2", "a1"}}) {
            KmeTlsDeployment.Reply r = d.call(pair[0], "/api/v1/keys/" + pair[1] + "/enc_keys", "{}");
            assertEquals(pair[0] + " -> " + pair[1] + ": " + r.body(), 503, r.status());
            assertTrue(r.body().get("message").asText(), r.body().get("message").asText().contains("QKD key pools"));
        }
        assertEquals("a 503 draws nothing", g2Bits, d.pools.usableBits("g2"));

        assertTrue("g1's supply keeps growing", d.stored("a1", "a2") > toA2);
        KmeTlsDeployment.Reply g1 = d.call("a1", "/api/v1/keys/a2/enc_keys", "{}");
        assertEquals(g1.body().toString(), 200, g1.status());
    }
}
