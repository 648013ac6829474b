package io.qmkdc.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import io.qmkdc.actor.Eavesdropper;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.scenario.ScenarioTarget;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Where a scenario's steps play, on any cluster of {@link KdcHost} — the one-node cluster of {@code demo} and
 * {@code run} ({@link EmbeddedCluster#run}) or a node cluster after {@link KdcControl.Redeploy}: the KDC through the
 * singleton proxy,
 * members through the KDC host's refs to their sharded entities, attacks through {@link KdcControl} (link attacks in
 * the channel's entity, authentication attacks beside the KDC). The host initializes its incarnation itself, so the
 * initialize step waits for that.
 */
public final class HostTarget implements ScenarioTarget {
    private static final Duration ASK = Duration.ofSeconds(10);
    /** The host deploys two probe periods after it starts, then waits for every terminal and channel. */
    private static final Duration DEPLOY = Duration.ofSeconds(60);

    private final ActorSystem<?> system;
    private final long previousIncarnation;
    private final Map<String, ActorRef<Member.Command>> members = new LinkedHashMap<>();
    private final Map<String, String> groupOf = new LinkedHashMap<>();
    private KdcControl.ClusterStatus deployed;

    /** {@code previousIncarnation}: the host's incarnation before the deployment to play on (0: none). */
    public HostTarget(ActorSystem<?> system, long previousIncarnation) {
        this.system = system;
        this.previousIncarnation = previousIncarnation;
    }

    @Override
    public ActorRef<QmKdc.Command> kdc() {
        return ClusterNode.kdc(system);
    }

    @Override
    public Map<String, ActorRef<Member.Command>> members() {
        awaitDeployed();
        return members;
    }

    @Override
    public Map<String, String> groupOf() {
        awaitDeployed();
        return groupOf;
    }

    @Override
    public QmKdc.InitializeReply initialize(String session) {
        KdcControl.ClusterStatus s = awaitDeployed();
        if (s == null) {
            return new QmKdc.InitializeReply(session, false, List.of(), List.of("kdc: the new incarnation was not "
                    + "initialized within " + DEPLOY.toSeconds() + " s"));
        }
        List<String> groups = s.kdc() == null ? List.of() : s.kdc().groups().stream().map(QmKdc.GroupStatus::id).toList();
        return new QmKdc.InitializeReply(s.kdc() == null ? session : s.kdc().session(), true, groups, List.of());
    }

    /** The first status of the new incarnation with its session initialized (null on timeout); fills the member refs. */
    private KdcControl.ClusterStatus awaitDeployed() {
        if (deployed != null) {
            return deployed;
        }
        long deadline = System.nanoTime() + DEPLOY.toNanos();
        while (System.nanoTime() < deadline) {
            KdcControl.ClusterStatus s = ask(KdcControl.GetClusterStatus::new);
            if (s != null && s.incarnation() != previousIncarnation && s.initialized() && s.kdc() != null) {
                KdcControl.MemberRefs refs = ask(KdcControl.GetMembers::new);
                if (refs != null && refs.incarnation() == s.incarnation()) {
                    take(refs);
                    deployed = s;
                    return s;
                }
            }
            pause(200);
        }
        return null;
    }

    private void take(KdcControl.MemberRefs refs) {
        for (KdcControl.MemberRef m : refs.members()) {
            members.put(m.id(), m.ref());
            groupOf.put(m.id(), m.group());
        }
    }

    @Override
    public String attach(String type, double fraction, int count, String group) {
        KdcControl.AttackReply r = ask(replyTo -> new KdcControl.Attach(type, group, null, fraction, count, replyTo));
        if (r == null || r.attack() == null) {
            throw new IllegalStateException("attack on " + group + " refused: " + (r == null ? "no answer" : r.problem()));
        }
        return r.attack().id();
    }

    @Override
    public Eavesdropper.Report detach(String handle) {
        Eavesdropper.Report report = ask(replyTo -> new KdcControl.Report(handle, replyTo));
        ask((ActorRef<KdcControl.AttackReply> replyTo) -> new KdcControl.Detach(handle, replyTo));
        return report != null ? report : new Eavesdropper.Report(handle, "?", 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public void join(String member, String group) {
        KdcControl.MemberRefs refs = ask(replyTo -> new KdcControl.Join(member, group, replyTo));
        if (refs != null) {
            take(refs);
        }
    }

    /** The host's answer, or null when none came within {@link #ASK}. */
    private <R> R ask(Function<ActorRef<R>, KdcControl.Command> message) {
        try {
            return AskPattern.<KdcControl.Command, R>ask(ClusterNode.kdcControl(system), message::apply, ASK,
                    system.scheduler()).toCompletableFuture().get(ASK.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
