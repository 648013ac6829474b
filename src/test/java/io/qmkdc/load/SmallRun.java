package io.qmkdc.load;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** The guarantees of the small load run (2 groups of 5, both kinds of traffic) on either load path. */
final class SmallRun {
    private SmallRun() {
    }

    static void assertEveryoneKeyedAndEveryDeliveryOnce(LoadReport r) {
        assertEquals(r.keyingProblems().toString(), 10, r.keyedMembers());
        assertEquals(10, r.authPassed());
        assertTrue("sent " + r.sentMessages(), r.sentMessages() > 0);
        assertTrue("both kinds of traffic", r.sameGroupMessages() > 0 && r.crossGroupMessages() > 0);
        // 5 members per group: a same-group message reaches the other 4, a relayed one all 5 of the target.
        assertEquals(4 * r.sameGroupMessages() + 5 * r.crossGroupMessages(), r.expectedDeliveries());
        assertEquals(0, r.lostMessages());
        assertEquals(0, r.duplicateMessages());
        assertEquals(r.expectedDeliveries(), r.deliveredMessages());
        assertEquals(0, r.resends().unacknowledged());
        assertEquals(0, r.resends().gaveUp());
        assertEquals(r.crossGroupMessages() * 5, r.relayLatencyMs().count());
        assertTrue(r.relayLatencyMs().p50() <= r.relayLatencyMs().p99());
        assertEquals(1, r.nodes().size());
        assertEquals(10, r.nodes().get(0).members());
        assertTrue(r.nodes().get(0).roles().toString(), r.nodes().get(0).roles().contains("kdc"));
    }
}
