package io.qmkdc.cluster;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import com.typesafe.config.Config;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.scenario.Scenario;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The KDC host singleton's life between incarnations: idle without a plan (status says so, attacks are refused),
 * and a {@link KdcControl.Redeploy} that parses the posted scenario, stops the old incarnation's children and
 * starts a new {@link KdcHost} with it.
 */
final class KdcLifecycle {
    private KdcLifecycle() {
    }

    /** Config paths of a node's traffic and re-key periods, for a host that starts without a plan (node options). */
    static final String TRAFFIC_EVERY = "qmkdc.node.traffic-every";
    static final String REKEY_EVERY = "qmkdc.node.rekey-every";

    static Duration period(Config config, String path) {
        return config.hasPath(path) ? config.getDuration(path) : Duration.ZERO;
    }

    /** No plan yet: status says so, attacks are refused, a redeploy starts the first incarnation. */
    static Behavior<QmKdc.Inbound> idle(ActorContext<QmKdc.Inbound> ctx, TimerScheduler<QmKdc.Inbound> timers,
            AtomicReference<KdcHost.Plan> current, PrintStream out) {
        return Behaviors.receive(QmKdc.Inbound.class)
                .onMessage(KdcControl.GetClusterStatus.class, g -> {
                    g.replyTo().tell(new KdcControl.ClusterStatus(0, MemberEntity.node(ctx), false, "", QmKdc.PER_GROUP,
                            null, null,
                            Map.of(), Map.of(), List.of(), List.of(), Map.of()));
                    return Behaviors.same();
                })
                .onMessage(KdcControl.Attach.class, a -> {
                    a.replyTo().tell(new KdcControl.AttackReply(null, 409, "kdc: nothing deployed (start a node with "
                            + "--scenario, or POST /scenarios)"));
                    return Behaviors.same();
                })
                .onMessage(KdcControl.Detach.class, d -> {
                    d.replyTo().tell(new KdcControl.AttackReply(null, 404, "id: no attack '" + d.id() + "' is attached"));
                    return Behaviors.same();
                })
                .onMessage(KdcControl.Resume.class, r -> Behaviors.same())
                .onMessage(KdcControl.GetMembers.class, g -> {
                    g.replyTo().tell(new KdcControl.MemberRefs(0, List.of()));
                    return Behaviors.same();
                })
                .onMessage(KdcControl.Redeploy.class, r -> redeploy(ctx, timers, current, null, r, out))
                .build();
    }

    /**
     * A new incarnation with the posted scenario (its probe, traffic and re-key periods from {@code old}, else 2 s
     * and the node's {@link #TRAFFIC_EVERY} and {@link #REKEY_EVERY}; none when quiet): the old incarnation's
     * children stop, the new one deploys and initializes.
     */
    static Behavior<QmKdc.Inbound> redeploy(ActorContext<QmKdc.Inbound> ctx, TimerScheduler<QmKdc.Inbound> timers,
            AtomicReference<KdcHost.Plan> current, KdcHost.Plan old, KdcControl.Redeploy r, PrintStream out) {
        Scenario s;
        try {
            s = io.qmkdc.scenario.ScenarioLoader.parse(r.hocon(), "scenario");
        } catch (io.qmkdc.scenario.ScenarioLoader.Invalid e) {
            r.replyTo().tell(new KdcControl.RedeployReply(false, String.join("; ", e.problems())));
            return Behaviors.same();
        }
        Config node = ctx.getSystem().settings().config();
        KdcHost.Plan plan = new KdcHost.Plan(s, s.kdcSettings(r.profile(), r.seed()),
                Math.max(256, 2 * s.auth().rounds()), old == null ? Duration.ofSeconds(2) : old.probe(),
                r.quiet() ? Duration.ZERO : old != null ? old.trafficEvery() : period(node, TRAFFIC_EVERY),
                r.quiet() ? Duration.ZERO : old != null ? old.rekeyEvery() : period(node, REKEY_EVERY),
                old != null && old.oneNode());
        current.set(plan);
        ctx.getChildren().forEach(ctx::stop); // children are named per incarnation: no clash while they stop
        timers.cancelAll();
        r.replyTo().tell(new KdcControl.RedeployReply(true, ""));
        return Behaviors.setup(c -> new KdcHost(c, timers, current, out));
    }
}
