package io.qmkdc.cluster;

import io.qmkdc.wire.PriorityMailbox;
import io.qmkdc.actor.QubitStore;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.MailboxSelector;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.qmkdc.actor.Group;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.EprAttacker;
import io.qmkdc.quantum.QuantumRegistry;
import io.qmkdc.quantum.Streams;
import io.qmkdc.scenario.Scenario;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
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
 * ({@link KdcControl}; attacks in {@link KdcAttacks}) and prints one {@code QMKDC-STATUS {json}}
 * line per probe on stdout (for the multi-JVM test).
 */
public final class KdcHost extends AbstractBehavior<Object> {
    /** What a node with role kdc deploys: the scenario's groups and members and the KDC settings. */
    public record Plan(Scenario scenario, QmKdc.Settings settings, int kcBits, Duration probe, Duration trafficEvery,
            Duration rekeyEvery) {
        /** No periodic re-key. */
        public Plan(Scenario scenario, QmKdc.Settings settings, int kcBits, Duration probe, Duration trafficEvery) {
            this(scenario, settings, kcBits, probe, trafficEvery, Duration.ZERO);
        }
    }

    /** Re-initialize every link (new BB84 rounds, new G_k epochs), so an attached attack shows. */
    private record Rekey() {
    }

    private record Tick() {
    }

    private record NodeRemoved() {
    }

    private record Traffic() {
    }

    private record Probed(String entity, boolean group, MemberEntity.ProbeReply reply) {
    }

    private record Stats(Member.DeliveryStats stats) {
    }

    private record KdcStatus(QmKdc.Status status) {
    }

    private record Initialized(QmKdc.InitializeReply reply) {
    }

    private static final int DEPLOY_AFTER_TICKS = 2;
    private static final int MEMBER_PROBES_PER_TICK = 50;
    /** Above this many members the status line (one JSON of every member) is printed every fifth tick only. */
    private static final int LARGE = 200;
    private static final int FULL_PROBE_TICKS_AFTER_REMOVAL = 5;
    /** Prefix of a channel entity's key in the probe and node maps (a link has its group's id). */
    static final String CHANNEL_KEY = "channel:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Plan plan;
    private final AtomicReference<Plan> current;
    private final TimerScheduler<Object> timers;
    private final PrintStream out;
    private final ClusterSharding sharding;
    private final SecureRandom keys = new SecureRandom();
    private final SplittableRandom random;
    private final long incarnation;
    private final ActorRef<QmKdc.Command> kdc;
    private final ActorRef<QubitStore.Command> qubits;
    private final Map<String, ActorRef<Object>> groups = new LinkedHashMap<>();
    private final Map<String, ActorRef<Object>> members = new LinkedHashMap<>();
    /** Per link: the Forward to its sharded BB84 channel, and its EPR channel here. */
    private final Map<String, ActorRef<Object>> channels = new LinkedHashMap<>();
    private final Map<String, ActorRef<QuantumChannel.Command>> eprChannels = new LinkedHashMap<>();
    private final Map<String, String> groupOf = new LinkedHashMap<>();
    private final List<String> impostors = new ArrayList<>();
    private final Map<String, Member.DeliveryStats> stats = new LinkedHashMap<>();
    private final Map<String, String> nodes = new LinkedHashMap<>();
    private final Map<String, Integer> reprovisioned = new LinkedHashMap<>();
    private final java.util.Set<String> reprovisioning = new java.util.HashSet<>();
    private final java.util.Set<String> unprovisionedGroups = new java.util.HashSet<>();
    private final KdcAttacks attacks;
    private List<QmKdc.GroupSpec> pendingInit;
    private QmKdc.Status kdcStatus;
    private QuantumRegistry registry;
    private int ticks;
    private int memberCursor;
    private int fullProbeTicks;
    private boolean initialized;
    private int nextSender;
    private long sentTraffic;

    /**
     * The host; with {@code plan} null it stays idle (answers status, deploys nothing) until a
     * {@link KdcControl.Redeploy}. A redeployed plan holds for this node's later incarnations; a host
     * restarting on another node starts from that node's own plan.
     */
    public static Behavior<Object> create(Plan plan, PrintStream out) {
        AtomicReference<Plan> current = new AtomicReference<>(plan);
        // A restart (after a re-homed group terminal) is a new incarnation that re-initializes everything.
        return Behaviors.supervise(Behaviors.<Object>setup(ctx -> Behaviors.<Object>withTimers(
                timers -> current.get() == null ? idle(ctx, timers, current, out)
                        : new KdcHost(ctx, timers, current, out)))).onFailure(Exception.class,
                akka.actor.typed.SupervisorStrategy.restart());
    }

    /** Config paths of a node's traffic and re-key periods, for a host that starts without a plan (node options). */
    public static final String TRAFFIC_EVERY = "qmkdc.node.traffic-every";
    public static final String REKEY_EVERY = "qmkdc.node.rekey-every";

    private static Duration period(Config config, String path) {
        return config.hasPath(path) ? config.getDuration(path) : Duration.ZERO;
    }

    /** No plan yet: status says so, attacks are refused, a redeploy starts the first incarnation. */
    private static Behavior<Object> idle(ActorContext<Object> ctx, TimerScheduler<Object> timers,
            AtomicReference<Plan> current, PrintStream out) {
        return Behaviors.receive(Object.class)
                .onMessage(KdcControl.GetClusterStatus.class, g -> {
                    g.replyTo().tell(new KdcControl.ClusterStatus(0, MemberEntity.node(ctx), false, "", null, null,
                            Map.of(), Map.of(), List.of(), List.of()));
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
    private static Behavior<Object> redeploy(ActorContext<Object> ctx, TimerScheduler<Object> timers,
            AtomicReference<Plan> current, Plan old, KdcControl.Redeploy r, PrintStream out) {
        Scenario s;
        try {
            s = io.qmkdc.scenario.ScenarioLoader.parse(r.hocon(), "scenario");
        } catch (io.qmkdc.scenario.ScenarioLoader.Invalid e) {
            r.replyTo().tell(new KdcControl.RedeployReply(false, String.join("; ", e.problems())));
            return Behaviors.same();
        }
        if (QmKdc.PER_MEMBER.equals(s.keying())) {
            r.replyTo().tell(new KdcControl.RedeployReply(false,
                    "scenario.keying-mode: per-member is not supported on a multi-node cluster yet"));
            return Behaviors.same();
        }
        Config node = ctx.getSystem().settings().config();
        Plan plan = new Plan(s, io.qmkdc.scenario.Deployment.kdcSettings(s, r.profile(), r.seed()),
                Math.max(256, 2 * s.auth().rounds()), old == null ? Duration.ofSeconds(2) : old.probe(),
                r.quiet() ? Duration.ZERO : old != null ? old.trafficEvery() : period(node, TRAFFIC_EVERY),
                r.quiet() ? Duration.ZERO : old != null ? old.rekeyEvery() : period(node, REKEY_EVERY));
        current.set(plan);
        ctx.getChildren().forEach(ctx::stop); // children are named per incarnation: no clash while they stop
        timers.cancelAll();
        r.replyTo().tell(new KdcControl.RedeployReply(true, ""));
        return Behaviors.setup(c -> new KdcHost(c, timers, current, out));
    }

    private KdcHost(ActorContext<Object> ctx, TimerScheduler<Object> timers,
            AtomicReference<Plan> current, PrintStream out) {
        super(ctx);
        Plan plan = current.get();
        this.current = current;
        this.timers = timers;
        this.plan = plan;
        this.out = out;
        this.sharding = ClusterSharding.get(ctx.getSystem());
        this.incarnation = System.currentTimeMillis();
        this.random = new SplittableRandom(plan.settings().seed() ^ incarnation);
        QuantumRegistry registry = new QuantumRegistry(new SplittableRandom(random.nextLong()));
        this.qubits = ctx.spawn(QubitStore.create(registry, random.nextLong()), "qubits-" + incarnation);
        Props priority = MailboxSelector.fromConfig(PriorityMailbox.CONFIG_PATH);
        this.kdc = ctx.spawn(QmKdc.create(plan.settings().withEpochBase(epochBase(incarnation)), registry),
                "kdc-" + incarnation, priority);
        ctx.getLog().info("KDC host incarnation {} on {}", incarnation, MemberEntity.node(ctx));
        out.println("qmkdc: KDC incarnation " + incarnation + " on " + MemberEntity.node(ctx));
        out.flush();
        this.registry = registry;
        this.attacks = new KdcAttacks(ctx, incarnation, registry, random.nextLong(), channels, eprChannels, groupOf, nodes);
        timers.startTimerWithFixedDelay(new Tick(), plan.probe());
        ActorRef<akka.cluster.ClusterEvent.MemberRemoved> removed = ctx.messageAdapter(
                akka.cluster.ClusterEvent.MemberRemoved.class, e -> new NodeRemoved());
        akka.cluster.typed.Cluster.get(ctx.getSystem()).subscriptions().tell(
                akka.cluster.typed.Subscribe.create(removed, akka.cluster.ClusterEvent.MemberRemoved.class));
        if (!plan.trafficEvery().isZero()) {
            timers.startTimerWithFixedDelay(new Traffic(), plan.trafficEvery());
        }
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

    private void deploy(QuantumRegistry registry) {
        Scenario s = plan.scenario();
        boolean perMember = QmKdc.PER_MEMBER.equals(s.keying());
        if (perMember) {
            throw new IllegalArgumentException("keying-mode: per-member is not supported on a multi-node cluster yet");
        }
        List<QmKdc.GroupSpec> specs = new ArrayList<>();
        for (Scenario.GroupPlan g : s.groups()) {
            ActorRef<QuantumChannel.Command> channel = channel(g.id(), g.linkKm(), registry);
            byte[] linkAuth = new byte[1 << 16];
            keys.nextBytes(linkAuth);
            ActorRef<Object> group = getContext().spawn(Forward.to(sharding.entityRefFor(GroupEntity.TYPE, g.id())),
                    "group-" + g.id() + "-" + incarnation);
            groups.put(g.id(), group);
            group.tell(GroupEntity.Provision.of(incarnation, plan.settings(), g.linkKm(), channel, linkAuth, kdc));
            List<QmKdc.MemberSpec> specsOf = new ArrayList<>();
            List<String> ids = new ArrayList<>(g.members());
            s.impostors().stream().filter(i -> i.group().equals(g.id())).forEach(i -> {
                ids.add(i.id());
                impostors.add(i.id());
            });
            for (String m : ids) {
                ActorRef<Object> ref = getContext().spawn(Forward.to(sharding.entityRefFor(MemberEntity.TYPE, m)),
                        "member-" + m + "-" + incarnation);
                members.put(m, ref);
                groupOf.put(m, g.id());
                specsOf.add(provision(m)); // the member entity registers its member with the group itself
            }
            specs.add(new QmKdc.GroupSpec(g.id(), g.linkKm(), g.sensitivity(), s.keying(), group.narrow(), channel,
                    linkAuth, specsOf));
        }
        pendingInit = specs;
        unprovisionedGroups.addAll(groups.keySet());
    }

    /**
     * The link's channel: its BB84 part a sharded {@link ChannelEntity} (role channel) provisioned for this
     * incarnation, its EPR part a {@link QuantumChannel} here beside the registry; {@link ChannelSplit} routes.
     */
    private ActorRef<QuantumChannel.Command> channel(String link, double km, QuantumRegistry registry) {
        ActorRef<QuantumChannel.Command> epr = getContext().spawn(QuantumChannel.create(link,
                plan.settings().profile(), km, registry, random.nextLong()), "epr-" + link + "-" + incarnation);
        ActorRef<Object> entity = getContext().spawn(Forward.to(sharding.entityRefFor(ChannelEntity.TYPE, link)),
                "channel-" + link + "-" + incarnation);
        entity.tell(new ChannelEntity.Provision(incarnation, plan.settings().profile(), km, random.nextLong()));
        channels.put(link, entity);
        eprChannels.put(link, epr);
        unprovisionedGroups.add(CHANNEL_KEY + link);
        return getContext().spawn(ChannelSplit.of(entity, epr), "link-" + link + "-" + incarnation);
    }

    /** Initialize once every group terminal runs this incarnation's link end (else round 0 finds no terminal). */
    private void initializeWhenReady() {
        if (pendingInit == null || !unprovisionedGroups.isEmpty()) {
            return;
        }
        ActorRef<QmKdc.InitializeReply> reply = getContext().messageAdapter(QmKdc.InitializeReply.class, Initialized::new);
        kdc.tell(new QmKdc.Initialize(plan.scenario().name() + "@" + incarnation, pendingInit, reply));
        pendingInit = null;
    }

    /** Fresh K_c to the member entity and the KDC's spec of it (an impostor's entity gets another one). */
    private QmKdc.MemberSpec provision(String m) {
        BitVector kc = BitVector.random(plan.kcBits(), keys);
        BitVector held = impostors.contains(m)
                ? EprAttacker.Impostor.guess(kc, Streams.of(plan.settings().seed(), "impostor:" + m)) : kc;
        members.get(m).tell(new MemberEntity.Provision(incarnation, groupOf.get(m),
                java.util.Arrays.copyOf(held.words(), BitVector.wordsFor(plan.kcBits())), plan.kcBits(), qubits,
                groups.get(groupOf.get(m)).narrow(), kdc, Streams.seed(plan.settings().seed() ^ incarnation, "member:" + m)));
        long[] words = java.util.Arrays.copyOf(kc.words(), BitVector.wordsFor(plan.kcBits()));
        kc.wipe();
        held.wipe();
        return new QmKdc.MemberSpec(m, members.get(m).narrow(), words, plan.kcBits());
    }

    @Override
    public Receive<Object> createReceive() {
        return newReceiveBuilder()
                .onMessage(Initialized.class, i -> {
                    initialized = i.reply().accepted();
                    if (!initialized) {
                        getContext().getLog().error("initialize rejected: {}", i.reply().problems());
                    }
                    return this;
                })
                .onMessage(QmKdc.Command.class, c -> {
                    kdc.tell(c); // the singleton proxy speaks the KDC's protocol too (status, re-initialize)
                    return this;
                })
                .onMessage(KdcControl.GetClusterStatus.class, this::onGetClusterStatus)
                .onMessage(KdcControl.Attach.class, a -> {
                    attacks.attach(a);
                    return this;
                })
                .onMessage(KdcControl.Detach.class, d -> {
                    attacks.detach(d);
                    return this;
                })
                .onMessage(KdcAttacks.Tapped.class, t -> {
                    attacks.tapped(t);
                    return this;
                })
                .onMessage(KdcControl.Redeploy.class, r -> redeploy(getContext(), timers, current, plan, r, out))
                .onMessage(KdcControl.Resume.class, r -> onResume())
                .onMessage(KdcControl.GetMembers.class, g -> {
                    g.replyTo().tell(memberRefs());
                    return this;
                })
                .onMessage(KdcControl.Join.class, this::onJoin)
                .onMessage(KdcControl.Report.class, r -> {
                    attacks.report(r);
                    return this;
                })
                .onMessage(KdcAttacks.Untapped.class, u -> {
                    attacks.untapped(u);
                    return this;
                })
                .onMessage(Tick.class, t -> onTick())
                .onMessage(NodeRemoved.class, r -> {
                    fullProbeTicks = FULL_PROBE_TICKS_AFTER_REMOVAL;
                    return this;
                })
                .onMessage(Rekey.class, r -> {
                    if (initialized) {
                        kdc.tell(new QmKdc.Reinitialize(List.of(), "periodic re-key"));
                    }
                    return this;
                })
                .onMessage(Traffic.class, t -> onTraffic())
                .onMessage(Probed.class, this::onProbed)
                .onMessage(Stats.class, s -> {
                    stats.put(s.stats().member(), s.stats());
                    return this;
                })
                .onMessage(KdcStatus.class, s -> {
                    kdcStatus = s.status();
                    return this;
                })
                .build();
    }

    private Behavior<Object> onGetClusterStatus(KdcControl.GetClusterStatus g) {
        // A snapshot of this actor's state now; the KDC's own answers are combined off the actor.
        long inc = incarnation;
        String node = MemberEntity.node(getContext());
        boolean init = initialized;
        Map<String, String> where = Map.copyOf(nodes);
        Map<String, String> of = Map.copyOf(groupOf);
        List<String> imp = List.copyOf(impostors);
        List<KdcControl.Attack> list = attacks.list();
        String name = plan.scenario().name();
        if (pendingInit == null && groups.isEmpty()) {
            g.replyTo().tell(new KdcControl.ClusterStatus(inc, node, false, name, null, null, where, of, imp, list));
            return this;
        }
        akka.actor.typed.Scheduler scheduler = getContext().getSystem().scheduler();
        CompletionStage<QmKdc.Status> st = AskPattern.ask(kdc,
                QmKdc.GetStatus::new, KdcAttacks.CONTROL_ASK, scheduler);
        CompletionStage<QmKdc.Links> ls = AskPattern.ask(kdc,
                QmKdc.GetLinks::new, KdcAttacks.CONTROL_ASK, scheduler);
        st.thenCombine(ls, (a, b) -> new KdcControl.ClusterStatus(inc, node, init, name, a, b.links(), where, of, imp,
                list)).whenComplete((r, f) -> g.replyTo().tell(r != null ? r
                        : new KdcControl.ClusterStatus(inc, node, init, name, null, null, where, of, imp, list)));
        return this;
    }

    /** The node's traffic and re-key periods again (after a quiet redeploy); they also hold for later incarnations. */
    private Behavior<Object> onResume() {
        Config node = getContext().getSystem().settings().config();
        Duration traffic = period(node, TRAFFIC_EVERY);
        Duration rekey = period(node, REKEY_EVERY);
        current.set(new Plan(plan.scenario(), plan.settings(), plan.kcBits(), plan.probe(), traffic, rekey));
        if (!traffic.isZero()) {
            timers.startTimerWithFixedDelay(new Traffic(), traffic);
        }
        if (!rekey.isZero()) {
            timers.startTimerWithFixedDelay(new Rekey(), rekey);
        }
        return this;
    }

    private KdcControl.MemberRefs memberRefs() {
        List<KdcControl.MemberRef> refs = new ArrayList<>();
        members.forEach((id, ref) -> refs.add(new KdcControl.MemberRef(id, groupOf.get(id), ref.narrow())));
        return new KdcControl.MemberRefs(incarnation, refs);
    }

    private Behavior<Object> onJoin(KdcControl.Join j) {
        ActorRef<Object> group = groups.get(j.group());
        if (group != null) {
            ActorRef<Object> ref = members.get(j.member());
            if (ref == null) {
                ref = getContext().spawn(Forward.to(sharding.entityRefFor(MemberEntity.TYPE, j.member())),
                        "member-" + j.member() + "-" + incarnation);
                members.put(j.member(), ref);
            }
            groupOf.put(j.member(), j.group());
            group.tell(new Group.Register(j.member(), ref.narrow()));
            kdc.tell(new QmKdc.Join(j.group(), provision(j.member()))); // fresh K_c, like a re-homed member
        }
        j.replyTo().tell(memberRefs());
        return this;
    }

    private Behavior<Object> onTick() {
        if (registry != null) {
            // Two probe periods after start: every node's shard regions have registered by then, so
            // the entities spread over all member nodes instead of the first ones to register.
            if (++ticks < DEPLOY_AFTER_TICKS) {
                return this;
            }
            deploy(registry);
            registry = null;
        }
        if (members.size() <= LARGE || ticks % 5 == 0) {
            printStatus();
        }
        ticks++;
        Duration timeout = plan.probe();
        groups.forEach((id, ref) -> probe(id, ref, true, timeout));
        channels.forEach((id, ref) -> probe(CHANNEL_KEY + id, ref, true, timeout)); // a re-homed channel: like a group
        probeMembers(timeout);
        getContext().ask(QmKdc.Status.class, kdc, timeout, QmKdc.GetStatus::new,
                (r, f) -> new KdcStatus(r == null ? kdcStatus : r));
        return this;
    }

    /**
     * Every member each tick in a small deployment; in a large one a slice of {@link #MEMBER_PROBES_PER_TICK}
     * per tick (a burst of thousands of asks every tick stalled the traffic), and all of them for a few
     * ticks after a node left the cluster, when members re-home.
     */
    private void probeMembers(Duration timeout) {
        List<String> ids = new ArrayList<>(members.keySet());
        int n = ids.size();
        int count = fullProbeTicks > 0 ? n : Math.min(n, MEMBER_PROBES_PER_TICK);
        if (fullProbeTicks > 0) {
            fullProbeTicks--;
        }
        for (int k = 0; k < count; k++) {
            String id = ids.get((memberCursor + k) % n);
            ActorRef<Object> ref = members.get(id);
            probe(id, ref, false, timeout);
            getContext().ask(Member.DeliveryStats.class, ref.<Member.Command>narrow(), timeout,
                    Member.GetDeliveryStats::new, (r, f) -> r == null ? new Stats(
                            new Member.DeliveryStats(id, false, -1, -1, -1, 0, -1)) : new Stats(r));
        }
        memberCursor = n == 0 ? 0 : (memberCursor + count) % n;
    }

    private void probe(String id, ActorRef<Object> ref, boolean group, Duration timeout) {
        getContext().ask(MemberEntity.ProbeReply.class, ref, timeout,
                replyTo -> new MemberEntity.Probe(incarnation, replyTo), (r, f) -> new Probed(id, group, r));
    }

    private Behavior<Object> onProbed(Probed p) {
        if (p.reply() == null) {
            return this; // its node is unreachable or being downed; sharding re-homes it once it is down
        }
        nodes.put(p.entity(), p.reply().node());
        if (p.reply().incarnation() >= incarnation) {
            reprovisioning.remove(p.entity());
            if (p.group() && unprovisionedGroups.remove(p.entity())) {
                initializeWhenReady();
            }
            return this;
        }
        if (!reprovisioning.add(p.entity())) {
            return this; // a probe sent before our provision reached the new entity
        }
        if (p.group()) {
            // A group terminal or channel lost with its node: its link end is gone, so start over as a new incarnation.
            getContext().getLog().info("{} re-homed to {}: re-initializing every group", p.entity(), p.reply().node());
            throw new IllegalStateException(p.entity() + " re-homed: new incarnation");
        }
        // A member re-homed (its node died): re-provision, and re-authenticate it into its group.
        getContext().getLog().info("member {} re-homed to {}: re-authenticating", p.entity(), p.reply().node());
        reprovisioned.merge(p.entity(), 1, Integer::sum);
        String g = groupOf.get(p.entity());
        kdc.tell(new QmKdc.Leave(g, p.entity()));
        kdc.tell(new QmKdc.Join(g, provision(p.entity())));
        return this;
    }

    private Behavior<Object> onTraffic() {
        List<String> senders = members.keySet().stream().filter(m -> !impostors.contains(m)).toList();
        if (!initialized || senders.isEmpty()) {
            return this;
        }
        String from = senders.get(nextSender++ % senders.size());
        members.get(from).tell(new Member.SendToGroup("t" + (++sentTraffic) + " from " + from));
        return this;
    }

    private void printStatus() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("incarnation", incarnation);
        root.put("node", MemberEntity.node(getContext()));
        root.put("initialized", initialized);
        root.put("trafficSent", sentTraffic);
        Map<String, Object> gs = new LinkedHashMap<>();
        if (kdcStatus != null) {
            for (QmKdc.GroupStatus g : kdcStatus.groups()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("epoch", g.epoch());
                row.put("installedEpoch", g.installedEpoch());
                row.put("members", g.members());
                row.put("qber", Double.isNaN(g.qber()) ? null : g.qber());
                row.put("privateKeyBits", g.privateKeyBits());
                row.put("aborts", g.aborts());
                row.put("lastAbort", g.lastAbort());
                row.put("tamperAlarms", g.tamperAlarms());
                row.put("refusal", g.refusal());
                row.put("node", nodes.getOrDefault(g.id(), ""));
                gs.put(g.id(), row);
            }
        }
        root.put("groups", gs);
        Map<String, String> cs = new LinkedHashMap<>();
        channels.keySet().forEach(l -> cs.put(l, nodes.getOrDefault(CHANNEL_KEY + l, "")));
        root.put("channels", cs);
        Map<String, Object> ms = new LinkedHashMap<>();
        for (String m : members.keySet()) {
            Member.DeliveryStats s = stats.get(m);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("group", groupOf.get(m));
            row.put("impostor", impostors.contains(m));
            row.put("node", nodes.getOrDefault(m, ""));
            row.put("reprovisioned", reprovisioned.getOrDefault(m, 0));
            if (s != null) {
                row.put("authenticated", s.authenticated());
                row.put("epoch", s.epoch());
                row.put("delivered", s.delivered());
                row.put("rejected", s.rejected());
                row.put("stale", s.stale());
                row.put("sent", s.sent());
            }
            ms.put(m, row);
        }
        root.put("members", ms);
        try {
            out.println("QMKDC-STATUS " + JSON.writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }
}
