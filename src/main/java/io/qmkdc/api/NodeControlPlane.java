package io.qmkdc.api;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.cluster.ClusterNode;
import io.qmkdc.cluster.EmbeddedCluster;
import io.qmkdc.cluster.KdcHost;
import io.qmkdc.cluster.HostTarget;
import io.qmkdc.cluster.KdcControl;
import io.qmkdc.optics.LinkProfile;
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
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The {@link ControlPlane} of a cluster of {@link io.qmkdc.cluster.KdcHost} — the one-node cluster of {@code serve}
 * ({@link #serve}) or any node of a {@code node} cluster started with {@code --http-port}: every answer comes from the
 * KDC host singleton wherever it runs ({@link ClusterNode#kdcControl}), the nodes from this node's view of the cluster
 * membership. Link attacks run in the link's channel entity (on a {@code channel} node), member attacks beside the KDC
 * (they need its qubit registry). {@code POST /scenarios} ({@link #runScenario}), one run at a time: on a node cluster
 * the KDC host redeploys the posted scenario as a new incarnation and its steps play on the cluster; under
 * {@code serve} it plays on a second one-node cluster of this JVM, the served deployment untouched.
 */
public final class NodeControlPlane implements ControlPlane, AutoCloseable {
    private static final Duration ASK = Duration.ofSeconds(10);
    /** Scenario runs kept for {@code GET /scenarios/{id}}. */
    private static final int KEEP_RUNS = 20;

    private final ActorSystem<?> system;
    private final Function<String, LinkProfile> profiles;
    private final long seed;
    /** Posted scenarios play on a fresh one-node cluster ({@code serve}) instead of redeploying this one. */
    private final Config aside;
    private final Map<String, ScenarioRunLog> runs = new ConcurrentHashMap<>();
    private final AtomicInteger runSeq = new AtomicInteger();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "qmkdc-scenario-runs");
        t.setDaemon(true);
        return t;
    });

    /** How busy {@code serve} keeps its deployment; zero turns a loop off. */
    public record Activity(Duration trafficInterval, Duration rekeyInterval) {
        public Activity {
            if (trafficInterval.isNegative() || rekeyInterval.isNegative()) {
                throw new IllegalArgumentException("intervals must be >= 0 (0 = off)");
            }
        }
    }

    /**
     * The plane of a node of a {@code node} cluster: posted scenarios redeploy it.
     *
     * @param profiles loads a posted scenario's link profile by name (the CLI's {@code Profiles::load})
     * @param seed     emulation seed of posted scenarios
     */
    public NodeControlPlane(ActorSystem<?> system, Function<String, LinkProfile> profiles, long seed) {
        this(system, profiles, seed, null);
    }

    private NodeControlPlane(ActorSystem<?> system, Function<String, LinkProfile> profiles, long seed, Config aside) {
        this.system = system;
        this.profiles = profiles;
        this.seed = seed;
        this.aside = aside;
    }

    /**
     * {@code serve}: a one-node cluster whose KDC host deploys {@code scenario}'s groups, members and impostors and
     * initializes them (the steps are not played: the API drives the deployment), kept busy by {@code activity};
     * posted scenarios run on a second one-node cluster. {@link #close} stops the cluster.
     */
    public static NodeControlPlane serve(Scenario scenario, Function<String, LinkProfile> profiles, long seed,
            Config overrides, Activity activity) {
        KdcHost.Plan plan = KdcHost.Plan.oneNode(scenario, scenario.kdcSettings(profiles.apply(scenario.profile()), seed),
                activity.trafficInterval(), activity.rekeyInterval());
        NodeControlPlane plane = new NodeControlPlane(EmbeddedCluster.start(plan, overrides), profiles, seed,
                overrides);
        try {
            HostTarget deployed = new HostTarget(plane.system, 0);
            QmKdc.InitializeReply r = deployed.initialize(scenario.name());
            if (!r.accepted()) {
                throw new IllegalStateException("initialize rejected: " + String.join("; ", r.problems()));
            }
            return plane;
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
    }

    public ActorSystem<?> system() {
        return system;
    }

    @Override
    public CompletionStage<Status> status() {
        return cluster().thenApply(this::toStatus);
    }

    private CompletionStage<KdcControl.ClusterStatus> cluster() {
        return this.<KdcControl.ClusterStatus>ask(KdcControl.GetClusterStatus::new);
    }

    private Status toStatus(KdcControl.ClusterStatus s) {
        Cluster cluster = Cluster.get(system);
        Set<akka.cluster.Member> unreachable = cluster.state().getUnreachable();
        List<Node> nodes = new ArrayList<>();
        for (akka.cluster.Member m : cluster.state().getMembers()) {
            nodes.add(new Node(m.address().hostPort(), m.getRoles().stream().filter(r -> !r.startsWith("dc-")).sorted()
                    .toList(), m.status().toString() + (unreachable.contains(m) ? " (unreachable)" : "")));
        }
        List<Group> groups = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        if (s.kdc() != null) {
            for (QmKdc.GroupStatus g : s.kdc().groups()) {
                groups.add(group(s, g));
            }
        }
        if (s.links() != null) {
            for (QmKdc.LinkStatus x : s.links()) {
                links.add(new Link(x.link(), x.group(), x.linkKm(), finite(x.qber()), x.compromised(), x.aborts(),
                        x.lastAbort().isEmpty() ? null : x.lastAbort(), finite(x.abortQber()), x.keyPoolBits(),
                        x.tamperAlarms(), s.nodes().get("channel:" + x.link()), x.siftedBits(), x.finalBits(),
                        finite(x.qberThreshold())));
            }
        }
        Map<String, List<String>> perNode = new TreeMap<>();
        s.groupOf().keySet().stream().sorted().forEach(m -> perNode
                .computeIfAbsent(s.nodes().getOrDefault(m, "unplaced"), k -> new ArrayList<>()).add(m));
        String session = s.kdc() == null ? "" : s.kdc().session();
        return new Status(session, nodes, groups, perNode, links, attacks(s), s.kdcNode());
    }

    /** The group with its members' epochs and messages from the host's member probes (members of this group only). */
    private static Group group(KdcControl.ClusterStatus s, QmKdc.GroupStatus g) {
        Map<String, Long> epochs = new TreeMap<>();
        long delivered = 0;
        long rejected = 0;
        for (Map.Entry<String, String> m : s.groupOf().entrySet()) {
            if (!m.getValue().equals(g.id())) {
                continue;
            }
            io.qmkdc.actor.Member.DeliveryStats d = s.memberStats() == null ? null : s.memberStats().get(m.getKey());
            epochs.put(m.getKey(), d == null ? -1L : d.epoch());
            delivered += d == null ? 0 : Math.max(0, d.delivered());
            rejected += d == null ? 0 : Math.max(0, d.rejected());
        }
        return new Group(g.id(), s.keying(), g.members().stream().sorted().toList(), g.linkKm(), g.epoch(),
                g.installedEpoch(), g.compromised(), g.refusal().isEmpty() ? null : g.refusal(), s.nodes().get(g.id()),
                epochs, delivered, rejected);
    }

    private static List<Attack> attacks(KdcControl.ClusterStatus s) {
        return s.attacks().stream().map(NodeControlPlane::attack)
                .sorted(Comparator.comparingLong(Attack::attachedAtMillis).thenComparing(Attack::id)).toList();
    }

    private static Attack attack(KdcControl.Attack a) {
        return new Attack(a.id(), a.type(), a.target(), a.type().equals("intercept-resend") ? a.fraction() : null,
                a.type().startsWith("tamper-") ? a.count() : null, a.attachedAtMillis());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    @Override
    public CompletionStage<Targets> targets() {
        return cluster().thenApply(s -> {
            Set<String> links = new LinkedHashSet<>(s.groupOf().values());
            if (s.links() != null) {
                s.links().forEach(l -> links.add(l.link()));
            }
            return new Targets(links, Set.copyOf(s.groupOf().keySet()));
        });
    }

    @Override
    public CompletionStage<Attack> attach(AttackRequest r) {
        return this.<KdcControl.AttackReply>ask(replyTo -> new KdcControl.Attach(r.type(), r.link(), r.member(),
                r.fraction(), r.count(), replyTo)).thenCompose(reply -> reply.attack() == null
                        ? CompletableFuture.failedFuture(new ApiError(reply.status(), reply.problem()))
                        : CompletableFuture.completedFuture(attack(reply.attack())));
    }

    @Override
    public CompletionStage<Boolean> detach(String id) {
        return this.<KdcControl.AttackReply>ask(replyTo -> new KdcControl.Detach(id, replyTo))
                .thenApply(reply -> reply.attack() != null);
    }

    /** Never from the cached status: an attack just attached or detached must show. Asked, not awaited on a route thread. */
    @Override
    public CompletionStage<List<Attack>> attacks() {
        return cluster().thenApply(NodeControlPlane::attacks);
    }

    /**
     * Checks the scenario (400 listing its problems; per-member keying is refused), then, one run at a time (409
     * while one runs), has the KDC host redeploy its groups, members and impostors as a new incarnation
     * ({@link KdcControl.Redeploy}: the cluster's previous deployment and its attacks are replaced) and plays its steps
     * on the cluster ({@link HostTarget}), the node's periodic traffic and re-key paused until it ends; the
     * account grows at {@code GET /scenarios/{id}}.
     */
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
        synchronized (runs) {
            if (runs.values().stream().anyMatch(r -> r.state.equals("queued") || r.state.equals("running"))) {
                throw new ApiError(409, "scenarios: a run is still going on this cluster (one at a time)");
            }
            ScenarioRunLog run = new ScenarioRunLog("s" + runSeq.incrementAndGet(), s.name());
            runs.put(run.id, run);
            runs.keySet().removeIf(id -> Integer.parseInt(id.substring(1)) <= runSeq.get() - KEEP_RUNS);
            runner.submit(() -> play(run, hocon, s, profile));
            return run.view();
        }
    }

    private void play(ScenarioRunLog run, String hocon, Scenario s, LinkProfile profile) {
        run.state = "running";
        if (aside != null) {
            try (PrintStream out = new PrintStream(run.out, true, StandardCharsets.UTF_8)) {
                EmbeddedCluster.run(s, profile, seed, out, aside);
                run.state = "done";
            } catch (RuntimeException | Error e) {
                run.error = e.toString();
                run.state = "failed";
            }
            return;
        }
        try (PrintStream out = new PrintStream(run.out, true, StandardCharsets.UTF_8)) {
            long previous = cluster().toCompletableFuture().get(ASK.toMillis() + 1000, TimeUnit.MILLISECONDS)
                    .incarnation(); // asked here, on the run's thread, not on the route thread that posted it
            KdcControl.RedeployReply r = this.<KdcControl.RedeployReply>ask(replyTo -> new KdcControl.Redeploy(hocon,
                    profile, seed, true, replyTo)).toCompletableFuture().get(ASK.toMillis() + 1000, TimeUnit.MILLISECONDS);
            if (!r.accepted()) {
                throw new IllegalStateException("redeploy refused: " + r.problem());
            }
            out.println("scenario " + s.name() + ": the KDC host redeploys its groups and members as a new incarnation");
            new ScenarioRunner(s, profile, seed, out).run(system, new HostTarget(system, previous));
            run.state = "done";
        } catch (Exception | Error e) {
            run.error = e instanceof ExecutionException && e.getCause() != null
                    ? e.getCause().toString() : e.toString();
            run.state = "failed";
        } finally {
            ActorRef<KdcControl.Command> kdc = ClusterNode.kdcControl(system);
            if (kdc != null) {
                kdc.tell(new KdcControl.Resume()); // the node's periodic traffic and re-key, off during the steps
            }
        }
    }

    @Override
    public Optional<ScenarioRun> scenario(String id) {
        return Optional.ofNullable(runs.get(id)).map(ScenarioRunLog::view);
    }

    /** Stops the scenario thread, and under {@code serve} the one-node cluster (a node's system is the node's). */
    @Override
    public void close() {
        runner.shutdownNow();
        if (aside != null) {
            EmbeddedCluster.stop(system);
        }
    }


    private <R> CompletionStage<R> ask(Function<ActorRef<R>, KdcControl.Command> message) {
        ActorRef<KdcControl.Command> kdc = ClusterNode.kdcControl(system);
        if (kdc == null) {
            return CompletableFuture.failedFuture(unavailable());
        }
        return AskPattern.<KdcControl.Command, R>ask(kdc, message::apply, ASK, system.scheduler())
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(
                        e instanceof ApiError || e.getCause() instanceof ApiError ? e : unavailable()));
    }

    private static ApiError unavailable() {
        return new ApiError(503, "kdc: the KDC singleton did not answer within " + ASK.toSeconds()
                + " s (no node with role kdc up, or it is moving)");
    }
}
