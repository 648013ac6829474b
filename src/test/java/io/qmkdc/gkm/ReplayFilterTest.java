package io.qmkdc.gkm;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ReplayFilterTest {
    private static GroupMessage.MessageId id(int sender, long seq) {
        return new GroupMessage.MessageId("g", 1, sender, seq);
    }

    @Test
    public void duplicatesAndTooOldAreRefusedOutOfOrderFreshAccepted() {
        ReplayFilter f = new ReplayFilter();
        assertTrue(f.markFresh(id(1, 5)));
        assertFalse(f.markFresh(id(1, 5)));
        assertTrue(f.markFresh(id(1, 3)));
        assertFalse(f.markFresh(id(1, 3)));
        assertTrue("other sender, same sequence", f.markFresh(id(2, 5)));
        assertTrue(f.markFresh(id(1, 100)));
        assertTrue(f.markFresh(id(1, 37)));
        assertFalse("outside the 64-message window", f.markFresh(id(1, 36)));
        assertFalse(f.markFresh(id(1, 100)));
        f.forgetEpoch("g", 1);
        assertTrue(f.markFresh(id(1, 100)));
    }
}
