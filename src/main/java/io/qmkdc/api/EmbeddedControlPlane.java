package io.qmkdc.api;

import akka.actor.Cancellable;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import io.qmkdc.actor.Eavesdropper;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.cluster.EmbeddedCluster;
import io.qmkdc.crypto.Sensitivity;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.scenario.Deployment;
import io.qmkdc.scenario.Scenario;
import io.qmkdc.scenario.ScenarioLoader;
import io.qmkdc.scenario.ScenarioRunner;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The {@link ControlPlane} of the embedded one-node cluster: deploys a scenario's groups and members
 * ({@link Deployment}), initializes them, and keeps them busy — a same-group message every
 * {@code trafficInterval} (every fourth one relayed to another group) and a re-initialization of every link every
 * {@code rekeyInterval} — until {@link #close}. Attacks are {@link Eavesdropper}s attached to the channel of a link
 * (or, for authentication attacks, the channel the member's EPR halves travel on: the group's in per-group keying).
 * {@code POST /scenarios} runs the scenario in a second embedded cluster of this JVM ({@link ScenarioRunner}), one
 * at a time.
 */
public final class EmbeddedControlPlane implements ControlPlane, AutoCloseable {
    private static final Duration ASK = Duration.ofSeconds(10);
    /** Scenario runs kept for {@code GET /scenarios/{id}}. */
    private static final int KEEP_RUNS = 20;

    /** How busy the deployment is kept; zero turns a loop off. */
    public record Activity(Duration trafficInterval, Duration rekeyInterval) {
        public Activity {
            if (trafficInterval.isNegative() || rekeyInterval.isNegative()) {
                throw new IllegalArgumentException("intervals must be >= 0 (0 = off)");
            }
        }
    }

    private final ActorSystem<Void> system;
    private final Deployment d;
    private final Scenario scenario;
    private final Function<String, LinkProfile> profiles;
    private final long seed;
    private final Config overrides;
    private final Map<String, Attached> attached = new ConcurrentHashMap<>();
    private final Map<String, ScenarioRunLog> runs = new ConcurrentHashMap<>();
    private final AtomicInteger attackSeq = new AtomicInteger();
    private final AtomicInteger runSeq = new AtomicInteger();
    private final AtomicInteger trafficSeq = new AtomicInteger();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "qmkdc-scenario-runs");
        t.setDaemon(true);
        return t;
    });
    private final List<Cancellable> loops = new ArrayList<>();
    private final ActorRef<AttackHost.Command> host;

    private record Attached(Attack attack, ActorRef<Eavesdropper.Command> eve,
            List<ActorRef<QuantumChannel.Command>> channels) {
    }


    private EmbeddedControlPlane(ActorSystem<Void> system, Deployment d, Scenario scenario,
            Function<String, LinkProfile> profiles, long seed, Config overrides) {
        this.system = system;
        this.d = d;
        this.scenario = scenario;
        this.profiles = profiles;
        this.seed = seed;
        this.overrides = overrides;
        this.host = system.systemActorOf(AttackHost.create(), "api-attacks", Props.empty());
    }

    /**
     * Starts an embedded one-node cluster, deploys {@code scenario}'s groups, members and impostors, and initializes
     * them (the scenario's steps are not played: the API drives the deployment).
     *
     * @param profiles loads a link profile by name (the CLI's {@code Profiles::load})
     */
    public static EmbeddedControlPlane start(Scenario scenario, Function<String, LinkProfile> profiles, long seed,
            Config overrides, Activity activity) {
        ActorSystem<Void> system = EmbeddedCluster.start(Behaviors.<Void>empty(), overrides);
        try {
            Deployment d = deploy(system, scenario, profiles.apply(scenario.profile()), seed);
            EmbeddedControlPlane plane = new EmbeddedControlPlane(system, d, scenario, profiles, seed, overrides);
            QmKdc.InitializeReply r = plane.<QmKdc.Command, QmKdc.InitializeReply>ask(d.kdc,
                    replyTo -> d.initialize(scenario.name(), replyTo)).toCompletableFuture().get(ASK.toSeconds(),
                            TimeUnit.SECONDS);
            if (!r.accepted()) {
                throw new IllegalStateException("initialize rejected: " + String.join("; ", r.problems()));
            }
            plane.keepBusy(activity);
            return plane;
        } catch (Exception e) {
            system.terminate();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("cannot start the embedded deployment: " + e, e);
        }
    }

    private static Deployment deploy(ActorSystem<Void> system, Scenario scenario, LinkProfile profile, long seed) {
        return Deployment.onSystem(system, scenario, profile, seed);
    }

    private void keepBusy(Activity activity) {
        List<String> members = new ArrayList<>(d.members.keySet());
        List<String> groups = new ArrayList<>(d.groups.keySet());
        if (!activity.trafficInterval().isZero() && !members.isEmpty()) {
            loops.add(system.scheduler().scheduleAtFixedRate(activity.trafficInterval(), activity.trafficInterval(),
                    () -> {
                        int n = trafficSeq.incrementAndGet();
                        String from = members.get(n % members.size());
                        String own = d.groupOf.get(from);
                        if (n % 4 == 0 && groups.size() > 1) {
                            String to = groups.get((groups.indexOf(own) + 1) % groups.size());
                            d.members.get(from).tell(new Member.SendToOtherGroup(to, "relay #" + n + " from " + from));
                        } else {
                            d.members.get(from).tell(new Member.SendToGroup("traffic #" + n + " from " + from,
                                    Sensitivity.NORMAL));
                        }
                    }, system.executionContext()));
        }
        if (!activity.rekeyInterval().isZero()) {
            loops.add(system.scheduler().scheduleAtFixedRate(activity.rekeyInterval(), activity.rekeyInterval(),
                    () -> d.kdc.tell(new QmKdc.Reinitialize(List.of(), "periodic re-key")), system.executionContext()));
        }
    }

    public ActorSystem<Void> system() {
        return system;
    }

    @Override
    public CompletionStage<Status> status() {
        CompletionStage<QmKdc.Status> kdc = ask(d.kdc, QmKdc.GetStatus::new);
        CompletionStage<QmKdc.Links> links = ask(d.kdc, QmKdc.GetLinks::new);
        return kdc.thenCombine(links, (s, l) -> {
            List<Node> nodes = new ArrayList<>();
            String self = Cluster.get(system).selfMember().address().toString();
            for (akka.cluster.Member m : Cluster.get(system).state().getMembers()) {
                nodes.add(new Node(m.address().toString(), m.getRoles().stream().filter(r -> !r.startsWith("dc-"))
                        .sorted().toList(), m.status().toString()));
            }
            List<Group> groups = new ArrayList<>();
            for (QmKdc.GroupStatus g : s.groups()) {
                groups.add(new Group(g.id(), scenario.keying(), g.members().stream().sorted().toList(), g.linkKm(),
                        g.epoch(), g.installedEpoch(), g.compromised(), g.refusal().isEmpty() ? null : g.refusal()));
            }
            List<Link> out = new ArrayList<>();
            for (QmKdc.LinkStatus x : l.links()) {
                out.add(new Link(x.link(), x.group(), x.linkKm(), finite(x.qber()), x.compromised(), x.aborts(),
                        x.lastAbort().isEmpty() ? null : x.lastAbort(), finite(x.abortQber()), x.keyPoolBits(),
                        x.tamperAlarms()));
            }
            return new Status(s.session(), nodes, groups, Map.of(self, d.members.keySet().stream().sorted().toList()),
                    out, attacks());
        });
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    @Override
    public Set<String> links() {
        return Set.copyOf(d.channels.keySet());
    }

    @Override
    public Set<String> members() {
        return Set.copyOf(d.members.keySet());
    }

    @Override
    public CompletionStage<Attack> attach(AttackRequest r) {
        int n = attackSeq.incrementAndGet();
        String id = "a" + n;
        List<ActorRef<QuantumChannel.Command>> channels = new ArrayList<>();
        if (r.link() != null) {
            channels.add(d.channels.get(r.link()));
        } else {
            ActorRef<QuantumChannel.Command> own = d.channels.get(r.member());
            channels.add(own != null ? own : d.channels.get(d.groupOf.get(r.member())));
        }
        if (channels.contains(null)) {
            return CompletableFuture.failedFuture(ApiError.badRequest(r.link() != null ? "link" : "member",
                    "no quantum channel for '" + r.target() + "'"));
        }
        Behavior<Eavesdropper.Command> behavior = Eavesdropper.create("api-" + id, r.type(), r.fraction(), r.count(),
                d.registry, seed + 7919L * n);
        Attack attack = new Attack(id, r.type(), r.target(), r.type().equals("intercept-resend") ? r.fraction() : null,
                r.type().startsWith("tamper-") ? r.count() : null, System.currentTimeMillis());
        return this.<AttackHost.Command, ActorRef<Eavesdropper.Command>>ask(host,
                replyTo -> new AttackHost.Spawn(behavior, "eve-" + id, replyTo)).thenCompose(eve -> {
                    CompletableFuture<?>[] taps = channels.stream()
                            .map(c -> ask(eve, (ActorRef<QuantumChannel.TapChanged> replyTo) -> new Eavesdropper.AttachTo(c,
                                    replyTo)).toCompletableFuture())
                            .toArray(CompletableFuture[]::new);
                    return CompletableFuture.allOf(taps).thenApply(x -> {
                        attached.put(id, new Attached(attack, eve, List.copyOf(channels)));
                        return attack;
                    });
                });
    }

    @Override
    public CompletionStage<Boolean> detach(String id) {
        Attached a = attached.remove(id);
        if (a == null) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<?>[] taps = a.channels().stream()
                .map(c -> ask(a.eve(), (ActorRef<QuantumChannel.TapChanged> replyTo) -> new Eavesdropper.DetachFrom(c,
                        replyTo)).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(taps).thenApply(x -> {
            host.tell(new AttackHost.Stop(a.eve()));
            return true;
        });
    }

    @Override
    public List<Attack> attacks() {
        return attached.values().stream().map(Attached::attack)
                .sorted(Comparator.comparingLong(Attack::attachedAtMillis).thenComparing(Attack::id)).toList();
    }

    @Override
    public ScenarioRun runScenario(String hocon) {
        Scenario s;
        try {
            s = ScenarioLoader.parse(hocon, "scenario");
        } catch (ScenarioLoader.Invalid e) {
            throw new ApiError(400, String.join("; ", e.problems()), e.problems());
        }
        LinkProfile profile;
        try {
            profile = profiles.apply(s.profile());
        } catch (RuntimeException e) {
            throw ApiError.badRequest("scenario.profile", String.valueOf(e.getMessage()));
        }
        ScenarioRunLog run = new ScenarioRunLog("s" + runSeq.incrementAndGet(), s.name());
        runs.put(run.id, run);
        forgetOldRuns();
        runner.submit(() -> {
            run.state = "running";
            try (PrintStream out = new PrintStream(run.out, true, StandardCharsets.UTF_8)) {
                EmbeddedCluster.run(s, profile, seed, out, overrides);
                run.state = "done";
            } catch (RuntimeException | Error e) {
                run.error = e.toString();
                run.state = "failed";
            }
        });
        return run.view();
    }

    private void forgetOldRuns() {
        Set<String> ids = new LinkedHashSet<>(runs.keySet());
        ids.stream().sorted(Comparator.comparingInt(i -> Integer.parseInt(i.substring(1))))
                .limit(Math.max(0, ids.size() - KEEP_RUNS)).forEach(runs::remove);
    }

    @Override
    public Optional<ScenarioRun> scenario(String id) {
        return Optional.ofNullable(runs.get(id)).map(ScenarioRunLog::view);
    }

    @Override
    public void close() {
        loops.forEach(Cancellable::cancel);
        runner.shutdownNow();
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // shutting down anyway
        }
    }

    private <Req, Res> CompletionStage<Res> ask(ActorRef<Req> target, Function<ActorRef<Res>, Req> message) {
        return AskPattern.<Req, Res>ask(target, message::apply, ASK, system.scheduler());
    }
}
