package io.qmkdc.load;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.qmkdc.cluster.TestClusterConfig;
import io.qmkdc.gkm.RekeyPolicy;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A small churn run (issue 11), for correctness only (never timed): 24 members of one per-member group with LKH
 * rekeying (d = 4) leave and come back during the traffic. What the KDC counted per leave stays within the
 * single-leave bound d·L − 1 of the tree size; every delivery owed to a present member is made once, none under a
 * stale epoch, none to a departed member under a later epoch.
 */
public class ChurnLoadRunTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** On the one-node cluster (issue 15): the KDC host singleton and the sharded member entities, what load runs. */
    @Test
    public void membersLeaveAndComeBackUnderLkhAndNothingOwedIsLost() throws Exception {
        LoadSettings s = LoadSettings.of(1, 1, 24, 20, 5000, 1.0, 11).withKeying(LoadSettings.PER_MEMBER)
                .withRekey(RekeyPolicy.lkh(4, 300), 2);
        LoadReport r = new ClusterLoadRun(s, ClusterLoadOptions.defaults(1, tmp.newFolder("run").toPath()),
                LoadProgress.NONE).inThisJvm(TestClusterConfig.config()).run();
        assertEquals(r.keyingProblems().toString(), 24, r.keyedMembers());
        LoadReport.Rekey k = r.rekey();
        assertEquals("lkh", k.scheme());
        assertEquals(4, k.degree());
        assertTrue(k.toString(), k.leavesSent() >= 3 && k.rejoinsSent() >= 1);
        assertEquals(k.toString(), k.leavesSent(), k.leaves());
        assertTrue("rejoined members keyed again: " + k, k.rejoinedKeyed() >= 1 && k.joins() >= 1);
        // n = 24, d = 4: L = 3, a single leave costs at most 4·3 − 1 = 11 (a batch shares its paths: fewer).
        assertEquals(11, k.leaveFormula());
        assertTrue(k.toString(), k.encryptionsPerLeave() > 0 && k.encryptionsPerLeave() <= 11);
        assertTrue(k.toString(), k.encryptionsPerJoin() > 0 && k.encryptionsPerJoin() <= 2 * 3);
        assertTrue(k.toString(), k.changeToAllRekeyedMs().count() >= 1
                && k.changeToAllRekeyedMs().p50() <= k.changeToAllRekeyedMs().p99());
        assertTrue("sent " + r.sentMessages(), r.sentMessages() > 0 && r.expectedDeliveries() > 0);
        assertEquals(0, r.lostMessages());
        assertEquals(0, r.duplicateMessages());
        assertEquals(r.expectedDeliveries(), r.deliveredMessages());
        assertEquals(k.toString(), 0, k.staleEpochDeliveries());
        assertEquals(k.toString(), 0, k.departedNewerEpochDeliveries());
        assertEquals(r.resends().toString(), 0, r.resends().unacknowledged());
    }

    @Test
    public void theTreeDepthIsTheCeilingOfTheLogarithm() {
        assertEquals(6, RekeyReport.depth(4096, 4));
        assertEquals(12, RekeyReport.depth(4096, 2));
        assertEquals(3, RekeyReport.depth(24, 4));
        assertEquals(3, RekeyReport.depth(64, 4));
        assertEquals(4, RekeyReport.depth(65, 4));
        assertEquals(1, RekeyReport.depth(2, 4));
    }
}
