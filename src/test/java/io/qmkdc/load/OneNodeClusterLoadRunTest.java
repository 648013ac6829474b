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
 * one-JVM run ({@link SmallRun}). Messages go through their CBOR serializer.
 */
public class OneNodeClusterLoadRunTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void smallRunKeysEveryoneAndLosesOrDuplicatesNothing() throws Exception {
        LoadSettings s = LoadSettings.of(1, 2, 10, 100, 2000, 0.7, 5);
        LoadReport r = new ClusterLoadRun(s, ClusterLoadOptions.defaults(1, tmp.newFolder("run").toPath()),
                LoadRun.ProgressSink.NONE).inThisJvm(TestClusterConfig.config()).run();
        SmallRun.assertEveryoneKeyedAndEveryDeliveryOnce(r);
        assertEquals(1, r.setup().nodes());
        assertEquals(10, r.cluster().keyedAtEnd());
        assertEquals(0, r.cluster().staleDeliveries());
        assertNull("no per-member rekey counts on this path yet", r.rekey());
    }
}
