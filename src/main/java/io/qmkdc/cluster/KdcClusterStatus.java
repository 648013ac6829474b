package io.qmkdc.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.AskPattern;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.scenario.Scenario;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The control API's {@link KdcControl.ClusterStatus}: a snapshot of the {@link KdcHost}'s state taken on the
 * actor, and the KDC's own status and links asked for and combined off it (the host never waits).
 */
final class KdcClusterStatus {
    private KdcClusterStatus() {
    }

    /** {@code deployed}: the KDC has groups (or is about to be initialized with them), so it has a status to ask. */
    static void answer(ActorRef<KdcControl.ClusterStatus> replyTo, ActorContext<?> ctx, ActorRef<QmKdc.Command> kdc,
            long incarnation, boolean initialized, boolean deployed, Scenario scenario, KdcProvisioning d,
            KdcProbes probes, KdcAttacks attacks) {
        String node = MemberEntity.node(ctx);
        Map<String, String> where = Map.copyOf(probes.nodes);
        Map<String, String> of = Map.copyOf(d.groupOf);
        List<String> imp = List.copyOf(d.impostors);
        List<KdcControl.Attack> list = attacks.list();
        Map<String, Member.DeliveryStats> ms = Map.copyOf(probes.stats);
        String name = scenario.name();
        String keying = scenario.keying();
        if (!deployed) {
            replyTo.tell(new KdcControl.ClusterStatus(incarnation, node, false, name, keying, null, null, where, of, imp,
                    list, ms));
            return;
        }
        akka.actor.typed.Scheduler scheduler = ctx.getSystem().scheduler();
        CompletionStage<QmKdc.Status> st = AskPattern.ask(kdc, QmKdc.GetStatus::new, KdcAttacks.CONTROL_ASK, scheduler);
        CompletionStage<QmKdc.Links> ls = AskPattern.ask(kdc, QmKdc.GetLinks::new, KdcAttacks.CONTROL_ASK, scheduler);
        st.thenCombine(ls, (a, b) -> new KdcControl.ClusterStatus(incarnation, node, initialized, name, keying, a,
                b.links(), where, of, imp, list, ms)).whenComplete((r, f) -> replyTo.tell(r != null ? r
                        : new KdcControl.ClusterStatus(incarnation, node, initialized, name, keying, null, null, where, of,
                                imp, list, ms)));
    }
}
