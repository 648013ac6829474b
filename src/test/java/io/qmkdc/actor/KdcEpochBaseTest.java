package io.qmkdc.actor;

import static io.qmkdc.actor.Fixtures.awaitKdc;
import static io.qmkdc.actor.Fixtures.awaitMember;
import static io.qmkdc.actor.Fixtures.group;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.qmkdc.cluster.TestClusterConfig;
import io.qmkdc.quantum.EprAuthentication;
import io.qmkdc.scenario.Deployment;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;

/** A KDC given an epoch base (a cluster incarnation's) opens its groups' epochs there and counts up from it. */
public class KdcEpochBaseTest {
    @ClassRule
    public static final TestKitJunitResource testKit = new TestKitJunitResource(TestClusterConfig.config());

    @Test
    public void groupEpochsStartAtTheKdcsEpochBase() {
        long base = 1_764_000_000_000_000L;
        QmKdc.Settings settings = Fixtures.settings(EprAuthentication.Mode.HARDENED, 8, 41).withEpochBase(base);
        Deployment d = Fixtures.deploy(testKit, "base", settings,
                List.of(new Deployment.GroupPlan("e1", 10, "NORMAL", List.of("c1", "c2"), List.of())));
        TestProbe<QmKdc.InitializeReply> reply = testKit.createTestProbe();
        d.kdc.tell(d.initialize("base", reply.getRef()));
        assertTrue(reply.receiveMessage(Fixtures.WAIT).accepted());
        QmKdc.Status s = awaitKdc(testKit, d, st -> group(st, "e1").installedEpoch() >= 0);
        assertEquals(base, group(s, "e1").epoch());
        assertEquals(base, group(s, "e1").installedEpoch());
        awaitMember(testKit, d, "c1", m -> m.epoch() == base);

        d.kdc.tell(new QmKdc.Join("e1", d.member("c3", "e1", false)));
        awaitKdc(testKit, d, st -> group(st, "e1").installedEpoch() == base + 1);
        awaitMember(testKit, d, "c3", m -> m.epoch() == base + 1);
        awaitMember(testKit, d, "c1", m -> m.epoch() == base + 1);
    }
}
