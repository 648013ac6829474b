package io.qmkdc.actor.link;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.qmkdc.qkd.Bb84Step;
import io.qmkdc.qkd.BitVector;
import java.util.SplittableRandom;
import org.junit.Test;

/** The authenticated classical channel of a link: both ends agree, tampering and replay fail, pools top up. */
public class ClassicalEndTest {
    private static byte[] key(int bytes) {
        byte[] k = new byte[bytes];
        new SplittableRandom(1).nextBytes(k);
        return k;
    }

    @Test
    public void aSignedStepOpensAtTheOtherEndOnlyOnceAndOnlyUntouched() {
        ClassicalEnd kdc = ClassicalEnd.kdcEnd("l", key(1024));
        ClassicalEnd terminal = ClassicalEnd.terminalEnd("l", key(1024));
        Authenticated a = kdc.seal(new Bb84Step.Corrected(3));
        ClassicalEnd.Opening o = terminal.open(a.withFlippedBit(5));
        assertTrue(o.toString(), o instanceof ClassicalEnd.Rejected r && r.reason().contains("MAC invalid"));
        assertEquals(new Bb84Step.Corrected(3), ((ClassicalEnd.Opened) terminal.open(a)).step());
        assertTrue(terminal.open(a) instanceof ClassicalEnd.Rejected r && r.reason().contains("replayed"));
        assertEquals(2, terminal.rejected());
        // The other direction has its own pool: the terminal's first message is sequence 0 there.
        Authenticated back = terminal.seal(new Bb84Step.Abort(3, "x"));
        assertEquals(0, back.sequence());
        assertTrue(kdc.open(back) instanceof ClassicalEnd.Opened);
    }

    @Test
    public void theMacPoolRunsOutAndIsToppedUpFromFinalKey() {
        // 256 bytes: 1024 bits per direction; a tag costs 61 bits of pad (+ a shared 61-bit hash key).
        ClassicalEnd kdc = ClassicalEnd.kdcEnd("l", key(256));
        ClassicalEnd terminal = ClassicalEnd.terminalEnd("l", key(256));
        int sent = 0;
        while (kdc.seal(new Bb84Step.Corrected(sent)) != null) {
            sent++;
        }
        assertEquals((1024 - 61) / 61, sent);
        assertNull(kdc.seal(new Bb84Step.Corrected(0)));
        BitVector finalKey = BitVector.random(8192, new SplittableRandom(2));
        kdc.replenish(finalKey, 2048);
        terminal.replenish(finalKey, 2048);
        Authenticated more = kdc.seal(new Bb84Step.Corrected(99));
        assertNotNull("topped up", more);
        // The terminal skips the tags it never saw (window) and checks this one against the same pad.
        assertTrue(terminal.open(more) instanceof ClassicalEnd.Opened);
    }
}
