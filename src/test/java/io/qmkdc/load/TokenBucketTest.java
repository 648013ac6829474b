package io.qmkdc.load;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class TokenBucketTest {
    private static final long MS = 1_000_000L;

    @Test
    public void paysOutTheRateOverTimeWithoutDrift() {
        TokenBucket b = new TokenBucket(1000, 100, 0);
        int sent = 0;
        for (long t = 1; t <= 10_000; t++) { // 10 s in 1 ms steps
            sent += b.take(t * MS);
        }
        assertEquals(10_000, sent, 1); // fractional tokens carry over, so at most one short
    }

    @Test
    public void aLongPauseReleasesAtMostTheBurst() {
        TokenBucket b = new TokenBucket(1000, 50, 0);
        assertEquals(50, b.take(5_000 * MS));
        assertEquals(1, b.take(5_001 * MS));
        assertEquals(0, b.take(5_001 * MS));
    }

    @Test(expected = IllegalArgumentException.class)
    public void refusesAZeroRate() {
        new TokenBucket(0, 1, 0);
    }
}
