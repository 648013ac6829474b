package io.qmkdc.actor;

import static org.junit.Assert.*;

import org.junit.Test;

/** Abort reasons (free text with numbers) map to the few tag values the dashboard uses. */
public class ActorMetricsTest {
    @Test
    public void abortReasonsBecomeAFixedSetOfTags() {
        // Texts as Bb84AliceRound, LinkAlice and LinkBob write them.
        assertEquals("qber_threshold", ActorMetrics.abortReason("QBER 0.2655 (upper bound 0.3063) >= threshold P_o 0.1100"));
        assertEquals("decoy_bounds", ActorMetrics.abortReason("decoy analysis: single-photon yield lower bound Y1_L <= 0 (x)"));
        assertEquals("verification_failed", ActorMetrics.abortReason("verification outcome for 3 of 4 blocks"));
        assertEquals("key_too_short", ActorMetrics.abortReason("no secure key: too short"));
        assertEquals("key_too_short", ActorMetrics.abortReason("too few sifted bits: 10 give a sample of 5"));
        assertEquals("timeout", ActorMetrics.abortReason("timeout after 5000 ms: a classical message was lost or rejected"));
        assertEquals("mac_pool_exhausted", ActorMetrics.abortReason("MAC key pool exhausted: cannot authenticate Sift"));
        assertEquals("terminal", ActorMetrics.abortReason("terminal aborted: QBER 0.3 >= threshold"));
        assertEquals("protocol", ActorMetrics.abortReason("disclosed bit counts do not match the sifting"));
        assertEquals("protocol", ActorMetrics.abortReason(null));
    }

    @Test
    public void wallClockMicrosAdvance() {
        long a = ActorMetrics.nowMicros();
        long b = ActorMetrics.nowMicros();
        assertTrue(b >= a);
        // Epoch microseconds: after 2020-01-01 (1.5778e15 µs).
        assertTrue(a > 1_577_836_800_000_000L);
    }
}
