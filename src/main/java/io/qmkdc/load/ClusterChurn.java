package io.qmkdc.load;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import io.qmkdc.actor.Application;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.cluster.ClusterNode;
import io.qmkdc.cluster.KdcControl;
import io.qmkdc.cluster.MemberEntity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;
import java.util.function.LongConsumer;

/**
 * The churn's changes on the cluster path (issue 15): a leave is the KDC singleton's {@link QmKdc.Leave} (departs:
 * the group drops the member from its fan-out); a rejoin is the KDC host's {@link KdcControl.Join} (registered again,
 * a fresh K_c, its link renewed, then authenticated into the group). The member entity outlives its leave, so there
 * is no new incarnation to spawn: it keeps its message numbering and its copies' memory.
 */
final class ClusterChurn implements Churn.Actions {
    private static final Duration ASK = Duration.ofSeconds(10);

    private final ActorSystem<?> system;
    private final LoadPlan plan;
    private ActorRef<Application.Inbound> app;
    // The send log Churn.count needs: message n's sender, target group index and send time (the changes' clock).
    private int[] sender = new int[1 << 12];
    private int[] target = new int[1 << 12];
    private long[] sentNanos = new long[1 << 12];

    ClusterChurn(ActorSystem<?> system, LoadPlan plan) {
        this.system = system;
        this.plan = plan;
    }

    /** The application the driver sends through (made after the churn: it reads the churn's away epochs). */
    void sendingThrough(ActorRef<Application.Inbound> application) {
        this.app = application;
    }

    /** The driver sent message {@code n} now. */
    void sent(int n, int from, int targetGroup) {
        if (n == sender.length) {
            sender = Arrays.copyOf(sender, 2 * n);
            target = Arrays.copyOf(target, 2 * n);
            sentNanos = Arrays.copyOf(sentNanos, 2 * n);
        }
        sender[n] = from;
        target[n] = targetGroup;
        sentNanos[n] = System.nanoTime();
    }

    /** The churn's counts of the {@code sent} messages from the application's marks. */
    Churn.Counts count(Churn churn, int sent) {
        BitSet[] seen = DriverAsks.<Application.Inbound, LoadApplication.Seen>ask(system, app,
                LoadApplication.GetSeen::new, ASK).bitSets();
        List<int[]> members = new ArrayList<>();
        for (int g = 0; g < plan.groupIds.size(); g++) {
            final int gg = g;
            members.add(IntStream.range(0, plan.memberIds.size()).filter(i -> plan.groupOf(i) == gg).toArray());
        }
        return churn.count(sender, target, sentNanos, seen, Math.min(sent, seen.length), members);
    }

    /** The application's count: it hands the driver's sends on, so a member ask could overtake a send still queued. */
    @Override
    public int outstanding(int member) {
        return DriverAsks.<Application.Inbound, LoadApplication.Outstanding>ask(system, app,
                r -> new LoadApplication.GetOutstanding(member, r), ASK).messages();
    }

    @Override
    public long epoch(int member) {
        try {
            return ClusterSharding.get(system).entityRefFor(MemberEntity.TYPE, plan.memberIds.get(member))
                    .<Member.Reliability>ask(Member.GetReliability::new, ASK).toCompletableFuture().get().epoch();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (java.util.concurrent.ExecutionException e) {
            return -1; // busy re-keying: asked again at the next poll
        }
    }

    @Override
    public void leave(int member, LongConsumer epoch) {
        String g = plan.groupIds.get(plan.groupOf(member));
        ActorRef<QmKdc.Command> kdc = ClusterNode.kdc(system);
        kdc.tell(new QmKdc.Leave(g, plan.memberIds.get(member), true));
        // Answered after the leave (a rekey-priority message before a control one): any later epoch is without it.
        AskPattern.<QmKdc.Command, QmKdc.Status>ask(kdc, QmKdc.GetStatus::new, ASK.multipliedBy(4), system.scheduler())
                .thenAccept(st -> st.groups().stream().filter(x -> x.id().equals(g))
                        .mapToLong(QmKdc.GroupStatus::epoch).findFirst().ifPresent(epoch));
    }

    @Override
    public void rejoin(int member, int incarnation) {
        String g = plan.groupIds.get(plan.groupOf(member));
        AskPattern.<KdcControl.Command, KdcControl.MemberRefs>ask(ClusterNode.kdcControl(system),
                r -> new KdcControl.Join(plan.memberIds.get(member), g, r), ASK, system.scheduler());
    }
}
