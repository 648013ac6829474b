package io.qmkdc.load;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.qmkdc.cluster.TestClusterConfig;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The cluster load run's phases on this JVM's one-node cluster (N = 1: the KDC host singleton and the sharded
 * entities, what a node runs), for correctness only (never timed): the guarantees the old one-JVM run's test asked
 * ({@link SmallRun}), fault injection included. Messages go through their CBOR serializer.
 */
public class OneNodeClusterLoadRunTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void smallRunKeysEveryoneAndLosesOrDuplicatesNothing() throws Exception {
        LoadSettings s = LoadSettings.of(1, 2, 10, 100, 2000, 0.7, 5);
        LoadReport r = new ClusterLoadRun(s, ClusterLoadOptions.defaults(1, tmp.newFolder("run").toPath()),
                LoadProgress.NONE).inThisJvm(TestClusterConfig.config()).run();
        SmallRun.assertEveryoneKeyedAndEveryDeliveryOnce(r);
        assertEquals(1, r.setup().nodes());
        assertEquals(10, r.cluster().keyedAtEnd());
        assertEquals(0, r.cluster().staleDeliveries());
        assertNull("per-group keying: no per-member rekey counts", r.rekey());
    }

    /** Per-member keying (moved from LoadRunTest with the CLI's one-JVM run): a BB84 link to every member, the same guarantees. */
    @Test
    public void perMemberKeyingKeysEveryoneAndLosesOrDuplicatesNothing() throws Exception {
        LoadSettings s = LoadSettings.of(1, 2, 6, 100, 1000, 0.7, 7).withKeying(LoadSettings.PER_MEMBER);
        LoadReport r = run(s);
        assertEquals(r.keyingProblems().toString(), 6, r.keyedMembers());
        assertEquals("per-member", r.setup().keying());
        assertTrue("sent " + r.sentMessages(), r.sentMessages() > 0);
        assertEquals(0, r.lostMessages());
        assertEquals(0, r.duplicateMessages());
        assertEquals(r.expectedDeliveries(), r.deliveredMessages());
        // The KDC's rekey counts restart after the initial keying: no membership change, nothing counted.
        assertEquals("star", r.rekey().scheme());
        assertEquals(r.rekey().toString(), 0, r.rekey().leaves());
        assertEquals(r.rekey().toString(), 0, r.rekey().staleEpochDeliveries());
    }

    /** --rekey-every: groups re-initialized during the traffic (new BB84 round, new epoch), nothing lost or doubled. */
    @Test
    public void periodicReKeysDuringTrafficLoseNothing() throws Exception {
        LoadSettings s = LoadSettings.of(1, 2, 10, 200, 1000, 0.7, 6).withResendAfter(100).withRekeyEvery(400);
        LoadReport r = run(s);
        assertEquals(r.keyingProblems().toString(), 10, r.keyedMembers());
        assertTrue("re-keys requested: " + r.resends(), r.resends().rekeys() >= 1);
        assertEquals(0, r.lostMessages());
        assertEquals(0, r.duplicateMessages());
        assertEquals(r.expectedDeliveries(), r.deliveredMessages());
        assertEquals(0, r.resends().gaveUp());
    }

    /**
     * Fault injection (moved from LoadRunTest with the CLI's one-JVM run): the node's {@code TransitFaults} drop and
     * duplicate reliable publishes and deliveries; members re-send every drop and hide every copy, across re-keys.
     */
    @Test
    public void injectedDropsAreResentAndInjectedDuplicatesHiddenAcrossReKeys() throws Exception {
        LoadSettings s = LoadSettings.of(1, 2, 10, 200, 1000, 0.7, 6).withFaults(0.05, 0.05).withResendAfter(100)
                .withRekeyEvery(400);
        LoadReport r = run(s);
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

    /** Without the load driver's fault settings a node injects nothing. */
    @Test
    public void noFaultsUnlessTheDriverAsks() throws Exception {
        LoadReport r = run(LoadSettings.of(1, 2, 10, 100, 1000, 0.7, 5));
        assertEquals(0, r.resends().injectedDrops());
        assertEquals(0, r.resends().injectedDuplicates());
        assertEquals(0, r.lostMessages());
    }

    private LoadReport run(LoadSettings s) throws Exception {
        return new ClusterLoadRun(s, ClusterLoadOptions.defaults(1, tmp.newFolder().toPath()), LoadProgress.NONE)
                .inThisJvm(TestClusterConfig.config()).run();
    }
}
