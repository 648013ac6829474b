package io.qmkdc.cluster;

import io.qmkdc.wire.PriorityMailbox;
import io.qmkdc.actor.QubitStore;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.MailboxSelector;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import com.typesafe.config.Config;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.quantum.QuantumRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The KDC's home in a multi-node cluster: a Cluster Singleton on role {@code kdc}. Each start is a
 * new <em>incarnation</em> (its start time): it builds the qubit registry and {@link QubitStore},
 * the {@link QmKdc}, the EPR side of each quantum channel (beside the registry: EPR pairs are one
 * state vector), and provisions the sharded {@link ChannelEntity}s (BB84 side, role channel),
 * {@link GroupEntity}s and {@link MemberEntity}s with fresh K_c and refs to this incarnation — so
 * after the KDC's node dies, the singleton's restart elsewhere re-initializes every group with new
 * QKD keys and new epochs. Every {@code probe} it asks each entity which
 * incarnation provisioned it: a member that re-homed after its node died answers -1 and is
 * re-provisioned (Leave, then Join: re-authentication and the current group key); a re-homed group
 * terminal or channel re-initializes everything. Also drives a little same-group traffic
 * ({@code trafficEvery}), re-keys every link every {@code rekeyEvery}, answers the control API
 * ({@link KdcControl}; attacks in {@link KdcAttacks}, cluster status in {@link KdcClusterStatus}) and
 * prints one {@code QMKDC-STATUS {json}} line per probe on stdout (for the multi-JVM test). What it
 * deploys is its {@link KdcPlan.Plan}.
 */
public final class KdcHost extends AbstractBehavior<QmKdc.Inbound> implements KdcPlan {
    /** Messages the host sends itself (timers, piped replies): never on the wire. */
    sealed interface Local extends QmKdc.Inbound permits Rekey, Tick, NodeRemoved, TrafficSent, KdcStatus, Initialized,
            KdcAttacks.Tapped, KdcAttacks.Untapped, KdcProbes.Probed, KdcProbes.Stats {
    }

    /** Re-initialize every link (new BB84 rounds, new G_k epochs), so an attached attack shows. */
    private record Rekey() implements Local {
    }

    private record Tick() implements Local {
    }

    private record NodeRemoved() implements Local {
    }

    private record TrafficSent(long count) implements Local {
    }

    private record KdcStatus(QmKdc.Status status) implements Local {
    }

    private record Initialized(QmKdc.InitializeReply reply) implements Local {
    }

    private static final int DEPLOY_AFTER_TICKS = 2;
    /** Above this many members the status line (one JSON of every member) is printed every fifth tick only. */
    private static final int LARGE = 200;
    static final String CHANNEL_KEY = KdcProvisioning.CHANNEL_KEY;

    private final Plan plan;
    private final AtomicReference<Plan> current;
    private final TimerScheduler<QmKdc.Inbound> timers;
    private final PrintStream out;
    private final SplittableRandom random;
    private final long incarnation;
    private final ActorRef<QmKdc.Command> kdc;
    private final KdcProvisioning d;
    private final KdcProbes probes;
    private final KdcAttacks attacks;
    private List<QmKdc.GroupSpec> pendingInit;
    private QmKdc.Status kdcStatus;
    /** Until the deployment: the registry it deploys with (null after). */
    private QuantumRegistry registry;
    private int ticks;
    private boolean initialized;
    /** The probe period: the plan's, or on one node once initialized {@link KdcPlan#ONE_NODE_STEADY_PROBE}. */
    private Duration probeEvery;
    private final ActorRef<DemoTraffic.Command> traffic;
    private long sentTraffic;

    /**
     * The host; with {@code plan} null it stays idle (answers status, deploys nothing) until a
     * {@link KdcControl.Redeploy}. A redeployed plan holds for this node's later incarnations; a host
     * restarting on another node starts from that node's own plan.
     */
    public static Behavior<QmKdc.Inbound> create(Plan plan, PrintStream out) {
        AtomicReference<Plan> current = new AtomicReference<>(plan);
        // A restart (after a re-homed group terminal) is a new incarnation that re-initializes everything.
        return Behaviors.supervise(Behaviors.<QmKdc.Inbound>setup(ctx -> Behaviors.<QmKdc.Inbound>withTimers(
                timers -> current.get() == null ? KdcLifecycle.idle(ctx, timers, current, out)
                        : new KdcHost(ctx, timers, current, out)))).onFailure(Exception.class,
                akka.actor.typed.SupervisorStrategy.restart());
    }

    /** Config paths of a node's traffic and re-key periods, for a host that starts without a plan (node options). */
    public static final String TRAFFIC_EVERY = KdcLifecycle.TRAFFIC_EVERY;
    public static final String REKEY_EVERY = KdcLifecycle.REKEY_EVERY;

    KdcHost(ActorContext<QmKdc.Inbound> ctx, TimerScheduler<QmKdc.Inbound> timers,
            AtomicReference<Plan> current, PrintStream out) {
        super(ctx);
        Plan plan = current.get();
        this.current = current;
        this.timers = timers;
        this.plan = plan;
        this.out = out;
        this.incarnation = System.currentTimeMillis();
        // One node: nothing to fail over to, so the seed alone fixes the streams and epochs count from 0.
        this.random = new SplittableRandom(plan.settings().seed() ^ (plan.oneNode() ? ONE_NODE_SALT : incarnation));
        QuantumRegistry registry = new QuantumRegistry(new SplittableRandom(random.nextLong()));
        ActorRef<QubitStore.Command> qubits = ctx.spawn(QubitStore.create(registry, random.nextLong()),
                "qubits-" + incarnation);
        Props priority = MailboxSelector.fromConfig(PriorityMailbox.CONFIG_PATH);
        this.kdc = ctx.spawn(QmKdc.create(plan.oneNode() ? plan.settings()
                : plan.settings().withEpochBase(epochBase(incarnation)), registry), "kdc-" + incarnation, priority);
        ctx.getLog().info("KDC host incarnation {} on {}", incarnation, MemberEntity.node(ctx));
        out.println("qmkdc: KDC incarnation " + incarnation + " on " + MemberEntity.node(ctx));
        out.flush();
        this.registry = registry;
        this.d = new KdcProvisioning(ctx, plan, incarnation,
                plan.oneNode() ? plan.settings().seed() : plan.settings().seed() ^ incarnation, registry, qubits, kdc);
        this.probes = new KdcProbes(ctx, incarnation, d);
        this.attacks = new KdcAttacks(ctx, incarnation, registry, random.nextLong(), d.channels, d.eprChannels,
                d.groupOf, probes.nodes);
        this.probeEvery = plan.probe();
        timers.startTimerWithFixedDelay(new Tick(), probeEvery);
        ActorRef<akka.cluster.ClusterEvent.MemberRemoved> removed = ctx.messageAdapter(
                akka.cluster.ClusterEvent.MemberRemoved.class, e -> new NodeRemoved());
        akka.cluster.typed.Cluster.get(ctx.getSystem()).subscriptions().tell(
                akka.cluster.typed.Subscribe.create(removed, akka.cluster.ClusterEvent.MemberRemoved.class));
        this.traffic = ctx.spawn(DemoTraffic.create(), "traffic-" + incarnation);
        if (!plan.rekeyEvery().isZero()) {
            timers.startTimerWithFixedDelay(new Rekey(), plan.rekeyEvery());
        }
    }

    /**
     * The first group key epoch of an incarnation started at {@code incarnationMillis} (wall clock):
     * 1000 epochs per millisecond, so a newer incarnation's epochs exceed every epoch of an older one
     * as long as the older one opened fewer than 1000 epochs per millisecond of its life per group
     * and the kdc nodes' clocks agree to within the failover time (the incarnation ids assume that too).
     */
    public static long epochBase(long incarnationMillis) {
        return Math.multiplyExact(incarnationMillis, EPOCHS_PER_MILLI);
    }

    private static final long EPOCHS_PER_MILLI = 1000;
    /** SHA-512's first IV word: keeps a one-node host's stream apart from the KDC's own {@code new SplittableRandom(seed)}. */
    private static final long ONE_NODE_SALT = 0x6A09E667F3BCC908L;

    /** Initialize once every group terminal runs this incarnation's link end (else round 0 finds no terminal). */
    private void initializeWhenReady() {
        if (pendingInit == null || !d.unprovisioned.isEmpty()) {
            return;
        }
        ActorRef<QmKdc.InitializeReply> reply = getContext().messageAdapter(QmKdc.InitializeReply.class, Initialized::new);
        kdc.tell(new QmKdc.Initialize(plan.scenario().name() + (plan.oneNode() ? "" : "@" + incarnation), pendingInit,
                reply));
        pendingInit = null;
    }

    @Override
    public Receive<QmKdc.Inbound> createReceive() {
        return newReceiveBuilder()
                .onMessage(Initialized.class, i -> {
                    initialized = i.reply().accepted();
                    if (!initialized) {
                        getContext().getLog().error("initialize rejected: {}", i.reply().problems());
                    } else {
                        startTraffic(current.get().trafficEvery());
                        if (plan.oneNode()) {
                            // Deployed: the short start-up period's probes (~1,400 asks/s at 1,000 members) would
                            // now only compete with the traffic; nothing re-homes on one node.
                            probeEvery = KdcPlan.ONE_NODE_STEADY_PROBE;
                            timers.startTimerWithFixedDelay(new Tick(), probeEvery);
                        }
                    }
                    return this;
                })
                .onMessage(QmKdc.Command.class, c -> {
                    kdc.tell(c); // the singleton proxy speaks the KDC's protocol too (status, re-initialize)
                    return this;
                })
                .onMessage(KdcControl.GetClusterStatus.class, this::onGetClusterStatus)
                .onMessage(KdcControl.Attach.class, a -> then(() -> attacks.attach(a)))
                .onMessage(KdcControl.Detach.class, d -> then(() -> attacks.detach(d)))
                .onMessage(KdcAttacks.Tapped.class, t -> then(() -> attacks.tapped(t)))
                .onMessage(KdcControl.Redeploy.class, r -> KdcLifecycle.redeploy(getContext(), timers, current, plan, r, out))
                .onMessage(KdcControl.Resume.class, r -> onResume())
                .onMessage(KdcControl.GetMembers.class, g -> then(() -> g.replyTo().tell(d.memberRefs())))
                .onMessage(KdcControl.Join.class, this::onJoin)
                .onMessage(KdcControl.Report.class, r -> then(() -> attacks.report(r)))
                .onMessage(KdcAttacks.Untapped.class, u -> then(() -> attacks.untapped(u)))
                .onMessage(Tick.class, t -> onTick())
                .onMessage(NodeRemoved.class, r -> then(() -> probes.nodeRemoved()))
                .onMessage(Rekey.class, r -> {
                    if (initialized) {
                        kdc.tell(new QmKdc.Reinitialize(List.of(), "periodic re-key"));
                    }
                    return this;
                })
                .onMessage(TrafficSent.class, t -> then(() -> sentTraffic = t.count()))
                .onMessage(KdcProbes.Probed.class, this::onProbed)
                .onMessage(KdcProbes.Stats.class, s -> then(() -> probes.stats.put(s.stats().member(), s.stats())))
                .onMessage(KdcStatus.class, s -> then(() -> kdcStatus = s.status()))
                .build();
    }

    private Behavior<QmKdc.Inbound> onGetClusterStatus(KdcControl.GetClusterStatus g) {
        KdcClusterStatus.answer(g.replyTo(), getContext(), kdc, incarnation, initialized,
                pendingInit != null || !d.groups.isEmpty(), plan.scenario(), d, probes, attacks);
        return this;
    }

    /** The node's traffic and re-key periods again (after a quiet redeploy); they also hold for later incarnations. */
    private Behavior<QmKdc.Inbound> onResume() {
        Config node = getContext().getSystem().settings().config();
        Duration every = KdcLifecycle.period(node, TRAFFIC_EVERY);
        Duration rekey = KdcLifecycle.period(node, REKEY_EVERY);
        current.set(plan.withPeriods(every, rekey));
        if (initialized) {
            startTraffic(every);
        }
        if (!rekey.isZero()) {
            timers.startTimerWithFixedDelay(new Rekey(), rekey);
        }
        return this;
    }

    private Behavior<QmKdc.Inbound> onJoin(KdcControl.Join j) {
        QmKdc.MemberSpec spec = d.join(j.member(), j.group());
        if (spec != null) {
            kdc.tell(new QmKdc.Join(j.group(), spec)); // fresh K_c, like a re-homed member
        }
        j.replyTo().tell(d.memberRefs());
        return this;
    }

    private Behavior<QmKdc.Inbound> onTick() {
        if (registry != null) {
            // Two probe periods after start: every node's shard regions have registered by then, so
            // the entities spread over all member nodes instead of the first ones to register.
            if (++ticks < (plan.oneNode() ? 1 : DEPLOY_AFTER_TICKS)) {
                return this;
            }
            pendingInit = d.deploy();
            registry = null;
        }
        if (d.members.size() <= LARGE || ticks % 5 == 0) {
            KdcStatusLine.print(out, incarnation, MemberEntity.node(getContext()), initialized, sentTraffic, kdcStatus,
                    d, probes.nodes, probes.reprovisioned, probes.stats);
        }
        ticks++;
        Duration timeout = probeEvery;
        probes.tick(timeout);
        getContext().ask(Long.class, traffic, timeout, DemoTraffic.GetSent::new,
                (r, f) -> new TrafficSent(r == null ? sentTraffic : r));
        getContext().ask(QmKdc.Status.class, kdc, timeout, QmKdc.GetStatus::new,
                (r, f) -> new KdcStatus(r == null ? kdcStatus : r));
        return this;
    }

    private Behavior<QmKdc.Inbound> onProbed(KdcProbes.Probed p) {
        KdcProbes.Outcome o = probes.answer(p);
        if (o instanceof KdcProbes.Provisioned r && d.unprovisioned.remove(r.entity())) {
            initializeWhenReady();
        } else if (o instanceof KdcProbes.LinkEndLost l) {
            getContext().getLog().info("{} re-homed to {}: re-initializing every group", l.entity(), l.node());
            throw new IllegalStateException(l.entity() + " re-homed: new incarnation");
        } else if (o instanceof KdcProbes.MemberLost m) {
            getContext().getLog().info("member {} re-homed to {}: re-authenticating", m.member(), m.node());
            String g = d.groupOf.get(m.member());
            kdc.tell(new QmKdc.Leave(g, m.member()));
            kdc.tell(new QmKdc.Join(g, d.rehome(m.member())));
        }
        return this;
    }

    /** Runs {@code step} and stays: a handler that only hands the message to one of the host's parts. */
    private Behavior<QmKdc.Inbound> then(Runnable step) {
        step.run();
        return this;
    }

    /** The traffic child's turn: the honest members of this incarnation, at {@code every} (zero: none). */
    private void startTraffic(Duration every) {
        Map<String, ActorRef<Member.Command>> refs = new LinkedHashMap<>();
        d.members.forEach((id, ref) -> refs.put(id, ref.narrow()));
        List<String> senders = d.members.keySet().stream().filter(m -> !d.impostors.contains(m)).toList();
        traffic.tell(new DemoTraffic.Start(senders, refs, Map.copyOf(d.groupOf), List.copyOf(d.groups.keySet()),
                every));
    }
}
