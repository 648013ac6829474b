package io.qmkdc.actor;

import io.qmkdc.testing.Eventually;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.quantum.EprAuthentication;
import io.qmkdc.scenario.Deployment;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Small deployments for the actor tests. */
final class Fixtures {
    static final Duration WAIT = Duration.ofSeconds(30);

    private Fixtures() {
    }

    static QmKdc.Settings settings(EprAuthentication.Mode mode, int rounds, long seed) {
        return new QmKdc.Settings(LinkProfile.gys(), 150_000, Duration.ofSeconds(10), Duration.ofMillis(300),
                new Authenticator.Settings(mode, rounds, 0.25, 0.0), seed);
    }

    static Deployment deploy(TestKitJunitResource kit, String prefix, QmKdc.Settings settings,
            List<Deployment.GroupPlan> plans) {
        return new Deployment(new Deployment.Spawner() {
            @Override
            public <T> akka.actor.typed.ActorRef<T> spawn(akka.actor.typed.Behavior<T> b, String name,
                    akka.actor.typed.Props props) {
                return kit.spawn(b, prefix + "-" + name, props);
            }
        }, settings, plans, 256, settings.seed());
    }

    static QmKdc.Status kdcStatus(TestKitJunitResource kit, Deployment d) {
        TestProbe<QmKdc.Status> p = kit.createTestProbe();
        d.kdc.tell(new QmKdc.GetStatus(p.getRef()));
        return p.receiveMessage(WAIT);
    }

    static Member.Status memberStatus(TestKitJunitResource kit, Deployment d, String member) {
        TestProbe<Member.Status> p = kit.createTestProbe();
        d.members.get(member).tell(new Member.GetStatus(p.getRef()));
        return p.receiveMessage(WAIT);
    }

    static QmKdc.GroupStatus group(QmKdc.Status s, String id) {
        return s.groups().stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow();
    }

    /** Polls the KDC until {@code ok} holds (the flows are asynchronous); fails after {@link #WAIT}. */
    static QmKdc.Status awaitKdc(TestKitJunitResource kit, Deployment d, Predicate<QmKdc.Status> ok) {
        return Eventually.await(WAIT, Duration.ofMillis(50), () -> kdcStatus(kit, d), ok, "KDC condition");
    }

    static Member.Status awaitMember(TestKitJunitResource kit, Deployment d, String member, Predicate<Member.Status> ok) {
        return Eventually.await(WAIT, Duration.ofMillis(50), () -> memberStatus(kit, d, member), ok,
                "condition of " + member);
    }
}
