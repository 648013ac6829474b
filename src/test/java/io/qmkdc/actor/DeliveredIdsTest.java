package io.qmkdc.actor;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class DeliveredIdsTest {
    @Test
    public void eachIdIsFreshOnceInAnyOrderAndHoweverLate() {
        DeliveredIds ids = new DeliveredIds();
        assertTrue(ids.markFresh("a", 2));
        assertTrue(ids.markFresh("a", 0));
        assertTrue(ids.markFresh("b", 0)); // senders are separate
        assertFalse(ids.markFresh("a", 2));
        assertTrue(ids.markFresh("a", 1));
        for (long seq = 3; seq < 1000; seq++) {
            assertTrue(ids.markFresh("a", seq));
        }
        assertFalse("far below the newest, still recognised", ids.markFresh("a", 0));
        assertFalse(ids.markFresh("a", 999));
    }
}
