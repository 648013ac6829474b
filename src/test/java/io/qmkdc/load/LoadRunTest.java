package io.qmkdc.load;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.qmkdc.cluster.TestClusterConfig;
import io.qmkdc.optics.LinkProfile;
import org.junit.Test;

/**
 * A small load run, for correctness only (never timed): every member keyed, every expected
 * delivery made exactly once at the application. Messages go through their CBOR serializer.
 */
public class LoadRunTest {
    @Test
    public void smallRunKeysEveryoneAndLosesOrDuplicatesNothing() {
        LoadSettings s = LoadSettings.of(1, 2, 10, 100, 2000, 0.7, 5);
        LoadReport r = new LoadRun(s, LinkProfile.gys(), TestClusterConfig.config(), LoadRun.ProgressSink.NONE).run();
        SmallRun.assertEveryoneKeyedAndEveryDeliveryOnce(r);
    }

    @Test
    public void injectedDropsAreResentAndInjectedDuplicatesHiddenAcrossReKeys() {
        LoadSettings s = LoadSettings.of(1, 2, 10, 200, 1000, 0.7, 6).withFaults(0.05, 0.05).withResendAfter(100)
                .withRekeyEvery(400);
        LoadReport r = new LoadRun(s, LinkProfile.gys(), TestClusterConfig.config(), LoadRun.ProgressSink.NONE).run();
        assertEquals(r.keyingProblems().toString(), 10, r.keyedMembers());
        assertTrue("faults were injected: " + r.resends(), r.resends().injectedDrops() > 0
                && r.resends().injectedDuplicates() > 0);
        assertTrue("drops were re-sent: " + r.resends(), r.resends().resends() > 0);
        assertTrue("copies were dropped by members: " + r.resends(), r.resends().duplicatesDropped() > 0);
        assertEquals(0, r.lostMessages());
        assertEquals(0, r.duplicateMessages());
        assertEquals(r.expectedDeliveries(), r.deliveredMessages());
        assertEquals(0, r.resends().gaveUp());
        // Re-keys were requested during the traffic (whether a round finishes before the drain is not asserted).
        assertTrue("re-keys requested: " + r.resends(), r.resends().rekeys() >= 1);
    }
}
