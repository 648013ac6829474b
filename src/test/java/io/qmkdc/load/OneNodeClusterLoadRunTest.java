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
 * entities, what a node runs), for correctness only (never timed): the guarantees {@link LoadRunTest} asks of the
 * one-JVM run. Messages go through their CBOR serializer.
 */
public class OneNodeClusterLoadRunTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void smallRunKeysEveryoneAndLosesOrDuplicatesNothing() throws Exception {
        LoadSettings s = LoadSettings.of(1, 2, 10, 100, 2000, 0.7, 5);
        LoadReport r = new ClusterLoadRun(s, ClusterLoadOptions.defaults(1, tmp.newFolder("run").toPath()),
                LoadRun.ProgressSink.NONE).inThisJvm(TestClusterConfig.config()).run();
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
        assertEquals(1, r.setup().nodes());
        assertEquals(1, r.nodes().size());
        assertEquals(10, r.nodes().get(0).members());
        assertTrue(r.nodes().get(0).roles().toString(), r.nodes().get(0).roles().contains("kdc"));
        assertEquals(10, r.cluster().keyedAtEnd());
        assertEquals(0, r.cluster().staleDeliveries());
        assertNull("no per-member rekey counts on this path yet", r.rekey());
    }
}
