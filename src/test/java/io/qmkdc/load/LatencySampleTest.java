package io.qmkdc.load;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class LatencySampleTest {
    @Test
    public void nearestRankPercentilesOfOneToAThousandMilliseconds() {
        LatencySample s = new LatencySample();
        for (int ms = 1000; ms >= 1; ms--) { // unsorted input
            s.add(ms * 1_000_000L);
        }
        LatencySample.Summary sum = s.summary();
        assertEquals(1000, sum.count());
        assertEquals(500.0, sum.p50(), 0); // ceil(0.5 * 1000) = 500th smallest
        assertEquals(990.0, sum.p99(), 0);
        assertEquals(1000.0, sum.max(), 0);
    }

    @Test
    public void emptyGivesNaN() {
        assertTrue(Double.isNaN(new LatencySample().summary().p99()));
    }
}
