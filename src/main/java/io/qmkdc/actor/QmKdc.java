package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.qmkdc.actor.auth.AuthKeys;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.actor.link.LinkAlice;
import io.qmkdc.actor.link.LinkEvent;
import io.qmkdc.actor.link.LinkSettings;
import io.qmkdc.wire.CborSerializable;
import io.qmkdc.wire.Prioritized;
import io.qmkdc.crypto.Priority;
import io.qmkdc.gkm.CrossGroupRelay;
import io.qmkdc.gkm.GroupKeyDistribution;
import io.qmkdc.gkm.GroupState;
import io.qmkdc.gkm.RekeyPolicy;
import io.qmkdc.gkm.RekeyTally;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.QuantumRegistry;
import io.qmkdc.quantum.Streams;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The centralized quantum multicast KDC (paper §2.1–2.6). Validates {@link Initialize}, then runs
 * the KDC end of each BB84 link ({@link LinkAlice} children: to the group terminal in per-group
 * keying, to every member in per-member keying; P_k from each keyed round) and one
 * {@link Authenticator} child per member session. Once a group's member sessions are settled and
 * a link is keyed and not compromised, it sends C(G_k) over it ({@link GroupKeyWiring}). Joins,
 * leaves and re-initializations open new epochs; cross-group traffic goes to the {@link Relay}
 * child, HIGH / TOP_SECRET traffic hop by hop through {@link SecretHop}. State per group lives in
 * {@link KdcGroup}. Priority mailbox: re-initialization, then rekeying, then control, then traffic.
 */
public final class QmKdc extends AbstractBehavior<QmKdc.Command> {

    public sealed interface Command extends CborSerializable {
    }

    /**
     * A member as registered: its actor and the pre-shared K_c (provisioning, out of band in
     * reality); in per-member keying also its own quantum channel and link authentication key.
     */
    public record MemberSpec(String id, ActorRef<Member.Command> member, long[] kc, int kcBits,
            ActorRef<QuantumChannel.Command> channel, byte[] linkAuthKey) implements CborSerializable {
        public MemberSpec(String id, ActorRef<Member.Command> member, long[] kc, int kcBits) {
            this(id, member, kc, kcBits, null, null);
        }

        @Override
        public String toString() {
            return "MemberSpec[" + id + "]";
        }
    }

    /** Keying modes (DESIGN §2): BB84 to the group terminal (the paper) or to each member. */
    public static final String PER_GROUP = "per-group";
    public static final String PER_MEMBER = "per-member";

    /**
     * A group: its terminal, link length, sensitivity level, keying mode, members; in per-group
     * keying also the terminal's quantum channel and link authentication key.
     */
    public record GroupSpec(String id, double linkKm, String sensitivity, String keying, ActorRef<Group.Command> group,
            ActorRef<QuantumChannel.Command> channel, byte[] linkAuthKey, List<MemberSpec> members)
            implements CborSerializable {
        public GroupSpec(String id, double linkKm, String sensitivity, ActorRef<Group.Command> group,
                ActorRef<QuantumChannel.Command> channel, byte[] linkAuthKey, List<MemberSpec> members) {
            this(id, linkKm, sensitivity, PER_GROUP, group, channel, linkAuthKey, members);
        }

        public boolean perMember() {
            return PER_MEMBER.equals(keying);
        }

        @Override
        public String toString() {
            return "GroupSpec[" + id + ", " + linkKm + " km, members=" + (members == null ? 0 : members.size()) + "]";
        }
    }

    /** Paper §2.1: the initiator's request. */
    public record Initialize(String session, List<GroupSpec> groups, ActorRef<InitializeReply> replyTo)
            implements Command, Prioritized {
        @Override
        public Priority priority() {
            return Priority.REINITIALIZATION;
        }
    }

    /** Accepted (with the groups set up) or rejected (one line per problem, naming the field). */
    public record InitializeReply(String session, boolean accepted, List<String> groups, List<String> problems)
            implements CborSerializable {
    }

    /** A new round of link keys (and then group keys) for the listed groups (all when empty). */
    public record Reinitialize(List<String> groups, String cause) implements Command, Prioritized {
        @Override
        public Priority priority() {
            return Priority.REINITIALIZATION;
        }
    }

    public record Join(String groupId, MemberSpec member) implements Command, Prioritized {
        @Override
        public Priority priority() {
            return Priority.REKEY;
        }
    }

    public record Leave(String groupId, String memberId) implements Command, Prioritized {
        @Override
        public Priority priority() {
            return Priority.REKEY;
        }
    }

    /**
     * From a member: relay to every member of {@code targetGroup} (paper §2.5). {@code sentAtMicros}: the sender's
     * wall clock (epoch µs) for the relay latency metric.
     */
    public record RelayToGroup(String targetGroup, GroupTraffic traffic, long sentAtMicros) implements Command, Prioritized {
        public RelayToGroup(String targetGroup, GroupTraffic traffic) {
            this(targetGroup, traffic, ActorMetrics.nowMicros());
        }

        @Override
        public Priority priority() {
            return Priority.TRAFFIC;
        }
    }

    /** From a member: reliable cross-group traffic for {@code targetGroup} (issue 4; see {@link ReliableTraffic}). */
    public record RelayReliable(String targetGroup, ReliableTraffic reliable) implements Command, Prioritized {
        @Override
        public Priority priority() {
            return Priority.TRAFFIC;
        }
    }

    /** From a group terminal (per-group) or a member (per-member): C(G_k) of {@code epoch} opened or not. */
    /** From a member (per-member keying): HIGH / TOP_SECRET traffic sealed under its link's QKD key. */
    public record SecretToGroup(SecretHop.Sealed sealed) implements Command, Prioritized {
        @Override
        public Priority priority() {
            return Priority.TRAFFIC;
        }
    }

    public record GroupKeyAck(String groupId, String from, long epoch, boolean installed, String reason)
            implements Command {
    }

    /** From a group terminal: its link end rejected a classical message. */
    public record LinkAlarm(LinkEvent.Tampered event) implements Command {
    }

    public record GetStatus(ActorRef<Status> replyTo) implements Command {
    }

    public record GroupStatus(String id, List<String> members, double linkKm, double qber, boolean compromised,
            int aborts, String lastAbort, double abortQber, long privateKeyBits, long epoch, long installedEpoch,
            int tamperAlarms, String refusal) implements CborSerializable {
    }

    /** Every BB84 link of the KDC, one row each (the control API's {@code GET /status}). */
    public record GetLinks(ActorRef<Links> replyTo) implements Command {
    }

    /**
     * One link: its name (group id in per-group keying, member id in per-member), group, last keyed QBER (NaN before
     * the first), health and the key pool's bits.
     */
    public record LinkStatus(String link, String group, double linkKm, double qber, boolean compromised, int aborts,
            String lastAbort, double abortQber, long keyPoolBits, int tamperAlarms) implements CborSerializable {
    }

    public record Links(List<LinkStatus> links) implements CborSerializable {
    }

    /** {@code secret*}: HIGH / TOP_SECRET hops re-sealed, rejected on arrival, refused for a short pool. */
    public record Status(String session, List<GroupStatus> groups, List<Authenticator.Completed> auth, long relayed,
            long relayRejected, long secretRelayed, long secretRejected, long secretRefused) implements CborSerializable {
    }

    private record LinkEventReceived(LinkEvent event) implements Command {
    }

    /** The batch interval of an LKH group ended: apply its queued changes as one rekey. */
    private record FlushTree(String groupId) implements Command {
    }

    /** What membership changes cost in each per-member group so far (issue 11; {@link RekeyTally}). */
    public record GetRekeyStats(ActorRef<RekeyStats> replyTo) implements Command {
    }

    public record RekeyStats(List<RekeyTally.Summary> groups) implements CborSerializable {
    }

    private record AuthCompleted(Authenticator.Completed result) implements Command {
    }

    /**
     * KDC settings (read at spawn). {@code epochBase}: the first G_k epoch of every group (0 in one
     * JVM; a cluster's KDC incarnation passes one above every epoch of older incarnations, see
     * {@code KdcHost.epochBase}).
     */
    public record Settings(LinkProfile profile, long targetDetections, Duration roundTimeout, Duration retryDelay,
            Authenticator.Settings auth, long seed, long epochBase, RekeyPolicy rekey) {
        public Settings {
            if (epochBase < 0) {
                throw new IllegalArgumentException("epochBase must be >= 0, was " + epochBase);
            }
            rekey = rekey == null ? RekeyPolicy.DEFAULT_STAR : rekey;
        }

        public Settings(LinkProfile profile, long targetDetections, Duration roundTimeout, Duration retryDelay,
                Authenticator.Settings auth, long seed, long epochBase) {
            this(profile, targetDetections, roundTimeout, retryDelay, auth, seed, epochBase, RekeyPolicy.DEFAULT_STAR);
        }

        /** Per-member groups rekey by {@code policy} (star: a wrap per member; lkh: a key tree). */
        public Settings withRekey(RekeyPolicy policy) {
            return new Settings(profile, targetDetections, roundTimeout, retryDelay, auth, seed, epochBase, policy);
        }

        public Settings(LinkProfile profile, long targetDetections, Duration roundTimeout, Duration retryDelay,
                Authenticator.Settings auth, long seed) {
            this(profile, targetDetections, roundTimeout, retryDelay, auth, seed, 0);
        }

        public Settings withEpochBase(long base) {
            return new Settings(profile, targetDetections, roundTimeout, retryDelay, auth, seed, base, rekey);
        }

        public LinkSettings link(double km) {
            return LinkSettings.modest(profile, km, targetDetections).withTimeouts(roundTimeout, retryDelay);
        }
    }

    private final Settings settings;
    private final QuantumRegistry registry;
    private final GroupKeyDistribution distribution = new GroupKeyDistribution(new SecureRandom());
    private final AuthKeys authKeys = new AuthKeys();
    private final Map<String, KdcGroup> groups = new LinkedHashMap<>();
    private final Map<String, KdcGroup> byLink = new java.util.HashMap<>();
    private final Map<String, GroupState> states = new ConcurrentHashMap<>();
    private final Map<String, ActorRef<Group.Command>> terminals = new ConcurrentHashMap<>();
    private final CrossGroupRelay crossGroup = new CrossGroupRelay();
    private final java.util.concurrent.atomic.AtomicLong unroutable = new java.util.concurrent.atomic.AtomicLong();
    private final List<Authenticator.Completed> authResults = new ArrayList<>();
    private final ActorRef<LinkEvent> linkEvents;
    private final ActorRef<Authenticator.Completed> authEvents;
    private final ActorRef<io.qmkdc.actor.Relay.Command> relay;
    private String session;
    private int sessions;
    private final Map<String, Integer> sessionsOf = new HashMap<>();
    /** The group of each authentication session in flight, and the latest session of each (group, member). */
    private final Map<String, String> authGroup = new java.util.HashMap<>();
    private final Map<String, String> latestAuth = new java.util.HashMap<>();
    private long secretRelayed;
    private long secretRejected;
    private long secretRefused;

    public static Behavior<Command> create(Settings settings, QuantumRegistry registry) {
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> new QmKdc(ctx, settings, registry)))
                .onFailure(Exception.class, Resilience.KEEP_STATE);
    }

    private QmKdc(ActorContext<Command> ctx, Settings settings, QuantumRegistry registry) {
        super(ctx);
        this.settings = settings;
        this.registry = registry;
        this.linkEvents = ctx.messageAdapter(LinkEvent.class, LinkEventReceived::new);
        this.authEvents = ctx.messageAdapter(Authenticator.Completed.class, AuthCompleted::new);
        this.relay = ctx.spawn(io.qmkdc.actor.Relay.create(states, terminals, crossGroup, unroutable), "relay");
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Initialize.class, this::onInitialize)
                .onMessage(Reinitialize.class, this::onReinitialize)
                .onMessage(Join.class, this::onJoin)
                .onMessage(Leave.class, this::onLeave)
                .onMessage(RelayToGroup.class, r -> { relay.tell(new Relay.Forward(r.targetGroup(), r.traffic(), r.sentAtMicros())); return this; })
                .onMessage(RelayReliable.class, r -> { relay.tell(new Relay.ForwardReliable(r.targetGroup(), r.reliable())); return this; })
                .onMessage(LinkEventReceived.class, this::onLinkEvent)
                .onMessage(AuthCompleted.class, this::onAuthCompleted)
                .onMessage(SecretToGroup.class, this::onSecretToGroup)
                .onMessage(GroupKeyAck.class, this::onGroupKeyAck)
                .onMessage(LinkAlarm.class, this::onLinkAlarm)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(GetLinks.class, this::onGetLinks)
                .onMessage(FlushTree.class, this::onFlushTree)
                .onMessage(GetRekeyStats.class, g -> {
                    g.replyTo().tell(new RekeyStats(groups.values().stream().filter(e -> e.rekeys != null)
                            .map(e -> e.rekeys.summary()).toList()));
                    return this;
                })
                .build();
    }

    private Behavior<Command> onInitialize(Initialize init) {
        List<String> problems = InitializeValidation.problems(init, groups.keySet());
        if (!problems.isEmpty()) {
            init.replyTo().tell(new InitializeReply(init.session(), false, List.of(), problems));
            return this;
        }
        session = init.session();
        List<String> ids = new ArrayList<>();
        for (GroupSpec g : init.groups()) {
            KdcGroup e = new KdcGroup(g);
            if (g.perMember()) {
                e.tree = settings.rekey().lkh() ? new KdcTree(g.id(), settings.rekey()) : null;
                e.rekeys = e.tree != null ? e.tree.tally : new RekeyTally(RekeyPolicy.STAR, 0);
            }
            groups.put(g.id(), e);
            states.put(g.id(), new GroupState(g.id(), distribution, 2, settings.epochBase()));
            terminals.put(g.id(), g.group());
            if (!g.perMember()) {
                openLink(e, g.id(), g.channel(), g.linkAuthKey());
            }
            for (MemberSpec m : g.members()) {
                authenticate(e, m);
            }
            ids.add(g.id());
        }
        init.replyTo().tell(new InitializeReply(init.session(), true, ids, List.of()));
        return this;
    }

    /** Spawns the KDC end of a BB84 link and starts its first round. */
    private void openLink(KdcGroup e, String name, ActorRef<QuantumChannel.Command> channel, byte[] authKey) {
        KdcLink l = new KdcLink(name);
        l.end = getContext().spawn(LinkAlice.create(name, settings.link(e.spec.linkKm()), channel, linkEvents, l.keys,
                authKey, Streams.seed(settings.seed(), "link:" + name)), "link-" + name);
        l.end.tell(new LinkAlice.StartRound(Priority.REINITIALIZATION));
        e.links.put(name, l);
        byLink.put(name, e);
    }

    private void authenticate(KdcGroup e, MemberSpec m) {
        if (e.spec.perMember()) {
            openLink(e, m.id(), m.channel(), m.linkAuthKey());
        }
        BitVector kc = BitVector.wrap(m.kc().clone(), m.kcBits());
        authKeys.provision(m.id(), kc);
        KeyAudit.issued(kc.toBytes());
        kc.wipe();
        e.members.put(m.id(), m.member());
        e.pendingAuth++;
        String name = "auth-" + m.id() + "-" + (++sessions);
        int ofMember = sessionsOf.merge(m.id(), 1, Integer::sum); // labels the session's stream: not the global order
        authGroup.put(name, e.spec.id());
        latestAuth.put(e.spec.id() + "/" + m.id(), name);
        ActorRef<QuantumChannel.Command> channel = e.spec.perMember() ? m.channel() : e.spec.channel();
        getContext().spawn(Authenticator.create(name, m.id(), m.member(), channel, registry, settings.auth(),
                authKeys, Streams.seed(settings.seed(), "auth:" + m.id() + "#" + ofMember), authEvents), name);
    }

    private Behavior<Command> onReinitialize(Reinitialize r) {
        for (KdcGroup e : groups.values()) {
            if (r.groups().isEmpty() || r.groups().contains(e.spec.id())) {
                e.links.values().forEach(l -> l.end.tell(new LinkAlice.StartRound(Priority.REINITIALIZATION)));
                e.reinitializing.addAll(e.links.keySet());
            }
        }
        return this;
    }

    private Behavior<Command> onJoin(Join j) {
        KdcGroup e = groups.get(j.groupId());
        if (e != null && !e.members.containsKey(j.member().id())) {
            authenticate(e, j.member());
        }
        return this;
    }

    private Behavior<Command> onLeave(Leave l) {
        KdcGroup e = groups.get(l.groupId());
        if (e != null && e.tree != null && e.members.remove(l.memberId()) != null && e.passed.remove(l.memberId())) {
            e.tree.changed(l.memberId());
            distribute(e);
        } else if (e != null && e.members.remove(l.memberId()) != null && e.passed.remove(l.memberId())
                && states.get(l.groupId()).currentEpoch() >= 0) {
            states.get(l.groupId()).leave(l.memberId());
            if (e.rekeys != null) {
                e.rekeys.starChange(states.get(l.groupId()).currentEpoch(), true, System.nanoTime());
            }
            e.needsDelivery = true;
            distribute(e);
        }
        if (e != null && e.spec.perMember() && e.links.containsKey(l.memberId())) {
            getContext().stop(e.links.remove(l.memberId()).end);
            byLink.remove(l.memberId());
        }
        return this;
    }

    private Behavior<Command> onAuthCompleted(AuthCompleted a) {
        Authenticator.Completed c = a.result();
        authResults.add(c);
        ActorMetrics.authentication(c);
        String groupId = authGroup.remove(c.session());
        for (KdcGroup e : groups.values()) {
            if (groupId == null ? !e.members.containsKey(c.member()) : !groupId.equals(e.spec.id())) {
                continue;
            }
            e.pendingAuth--;
            if (!e.members.containsKey(c.member()) || !c.session().equals(latestAuth.get(e.spec.id() + "/" + c.member()))) {
                // The member left, or was re-provisioned (Leave, Join) into a newer session: this one only
                // stops holding the group's key back.
                distribute(e);
                continue;
            }
            GroupState state = states.get(e.spec.id());
            if (c.passed()) {
                e.passed.add(c.member());
                if (e.tree != null) {
                    e.tree.changed(c.member());
                } else if (state.currentEpoch() >= 0) {
                    state.join(c.member());
                    if (e.rekeys != null) {
                        e.rekeys.starChange(state.currentEpoch(), false, System.nanoTime());
                    }
                    e.needsDelivery = true;
                }
            } else {
                getContext().getLog().info("member {} refused: {}", c.member(), c.reason());
            }
            if (c.timedOut()) {
                // Gone mid-session (e.g. its node died): not a member until a later Join authenticates it again.
                e.members.remove(c.member());
            }
            distribute(e);
        }
        return this;
    }

    private Behavior<Command> onLinkEvent(LinkEventReceived r) {
        KdcGroup e = byLink.get(r.event().link());
        KdcLink l = e == null ? null : e.links.get(r.event().link());
        if (l == null) {
            return this;
        }
        ActorMetrics.link(r.event());
        if (r.event() instanceof LinkEvent.Keyed k) {
            l.compromised = false;
            l.qber = k.qber();
            if (GroupKeyWiring.newPrivateKey(e, l, k.round())) {
                GroupState state = states.get(e.spec.id());
                boolean wasPending = e.reinitializing.remove(l.name);
                if (state.currentEpoch() >= 0 && (!e.spec.perMember() || wasPending && e.reinitializing.isEmpty())) {
                    // Per-group: the terminal's link has a new P_k (re-initialization or recovery).
                    // Per-member: every member link of a re-initialization is keyed again.
                    if (e.tree != null) {
                        e.tree.refresh();
                    } else {
                        state.rekey("re-initialization: new P_k from link round " + k.round());
                    }
                    e.needsDelivery = true;
                }
                distribute(e);
            } else {
                // A small round's finite-size key can fall short of the 256 bits P_k needs: like an
                // aborted round, the link simply runs another one.
                l.end.tell(new LinkAlice.StartRound(Priority.REINITIALIZATION));
            }
        } else if (r.event() instanceof LinkEvent.Aborted ab) {
            // Compromised on evidence only: a timeout or a short MAC pool says nothing about an eavesdropper.
            l.compromised |= ab.evidence();
            l.aborts++;
            l.lastAbort = ab.reason();
            l.abortQber = ab.qber();
            getContext().getLog().info("link {} round {} aborted: {}", ab.link(), ab.round(), ab.reason());
        } else if (r.event() instanceof LinkEvent.Tampered t) {
            tampered(l, t);
        }
        return this;
    }

    private Behavior<Command> onLinkAlarm(LinkAlarm a) {
        KdcGroup e = byLink.get(a.event().link());
        if (e != null) {
            tampered(e.links.get(a.event().link()), a.event());
        }
        return this;
    }

    /** A message that failed its MAC check is evidence of an active attacker: compromised until the link keys again. */
    private static void tampered(KdcLink l, LinkEvent.Tampered t) {
        l.tamperAlarms++;
        l.compromised |= t.evidence();
    }

    /**
     * Issues the current G_k once the group's member sessions are settled: to the group terminal
     * over its link (per-group), or to each member over the member's link (per-member) — only
     * over links with a P_k that are not compromised.
     */
    private void distribute(KdcGroup e) {
        if (e.tree != null) {
            scheduleTreeRekey(e);
            return;
        }
        if (e.pendingAuth > 0) {
            return;
        }
        GroupState state = states.get(e.spec.id());
        if (state.currentEpoch() < 0) {
            if (e.passed.isEmpty() || e.links.values().stream().noneMatch(KdcLink::trusted)) {
                return;
            }
            state.initialize(new ArrayList<>(e.passed));
            e.needsDelivery = true;
        }
        if (e.spec.perMember()) {
            distributeToMembers(e, state);
            return;
        }
        KdcLink l = e.links.get(e.spec.id());
        if (!l.trusted() || !e.needsDelivery) {
            return;
        }
        e.needsDelivery = false;
        Group.DeliverGroupKey d = GroupKeyWiring.wrap(e, l, state, getContext().getSelf());
        if (d == null) {
            getContext().getLog().info("group {}: G_k not wrapped: {}", e.spec.id(), e.refusal);
            return;
        }
        e.spec.group().tell(d);
    }

    /** LKH: changes within the batch interval go into one rekey (at once with a zero interval). */
    private void scheduleTreeRekey(KdcGroup e) {
        if (e.tree.flushScheduled) {
            return;
        }
        e.tree.flushScheduled = true;
        FlushTree flush = new FlushTree(e.spec.id());
        if (e.tree.policy.batchMs() == 0) {
            getContext().getSelf().tell(flush);
        } else {
            getContext().scheduleOnce(Duration.ofMillis(e.tree.policy.batchMs()), getContext().getSelf(), flush);
        }
    }

    /** One LKH batch: a new epoch for the changes queued, as one multicast rekey through the group terminal. */
    private Behavior<Command> onFlushTree(FlushTree f) {
        KdcGroup e = groups.get(f.groupId());
        if (e == null || e.tree == null) {
            return this;
        }
        e.tree.flushScheduled = false;
        GroupState state = states.get(e.spec.id());
        if (state.currentEpoch() < 0 && e.pendingAuth > 0) {
            return this; // the first epoch waits for every session, as the star's does
        }
        KdcTree.Rekeyed r = e.tree.rekey(e, state, getContext().getSelf());
        if (r != null) {
            KeyAudit.issued(state.currentKey().key().export());
            e.spec.group().tell(r.membership());
            e.spec.group().tell(r.rekey());
            e.membershipEpoch = state.currentEpoch();
        }
        return this;
    }

    private void distributeToMembers(KdcGroup e, GroupState state) {
        long epoch = state.currentEpoch();
        if (e.membershipEpoch < epoch) {
            List<Group.MemberIndex> members = new ArrayList<>();
            for (String m : state.members()) {
                members.add(new Group.MemberIndex(m, state.senderIndex(m).orElseThrow()));
            }
            e.spec.group().tell(new Group.Membership(e.spec.id(), epoch, members));
            e.membershipEpoch = epoch;
        }
        for (String m : state.members()) {
            KdcLink l = e.links.get(m);
            if (l == null || !l.trusted() || e.sentEpoch.getOrDefault(m, -1L) >= epoch) {
                continue;
            }
            Group.DeliverGroupKey d = GroupKeyWiring.wrap(e, l, state, getContext().getSelf());
            if (d != null) {
                e.members.get(m).tell(new Member.DeliverGroupKey(d));
                e.sentEpoch.put(m, epoch);
                e.rekeys.starWrap(epoch, d.nonce().length + d.ciphertext().length + Long.BYTES + Integer.BYTES);
            }
        }
    }

    /** The trusted relay of HIGH / TOP_SECRET traffic: open on the sender's link, re-seal on each recipient's. */
    private Behavior<Command> onSecretToGroup(SecretToGroup m) {
        KdcGroup e = groups.get(m.sealed().groupId());
        SecretHop.Relayed r = SecretHop.relay(m.sealed(), e, e == null ? null : states.get(e.spec.id()));
        secretRejected += r.rejected() ? 1 : 0;
        secretRefused += r.refused();
        secretRelayed += r.deliveries().size();
        r.deliveries().forEach((member, sealed) -> e.members.get(member).tell(new Member.SecretDelivery(sealed)));
        return this;
    }

    private Behavior<Command> onGroupKeyAck(GroupKeyAck a) {
        KdcGroup e = groups.get(a.groupId());
        if (e == null) {
            return this;
        }
        if (!a.installed()) {
            e.refusal = a.from() + ": " + a.reason();
        } else if (!e.spec.perMember()) {
            e.installedEpoch = Math.max(e.installedEpoch, a.epoch());
            ActorMetrics.groupKeyEpoch(a.groupId(), e.installedEpoch);
        } else {
            e.ackedEpoch.put(a.from(), a.epoch());
            // Installed when every current member holds it.
            if (a.epoch() > e.installedEpoch
                    && states.get(a.groupId()).members().stream().allMatch(m -> e.ackedEpoch.getOrDefault(m, -1L) >= a.epoch())) {
                e.installedEpoch = Math.max(e.installedEpoch, a.epoch());
                e.rekeys.installed(a.epoch(), System.nanoTime());
                ActorMetrics.groupKeyEpoch(a.groupId(), e.installedEpoch);
            }
        }
        return this;
    }

    private Behavior<Command> onGetLinks(GetLinks g) {
        List<LinkStatus> out = new ArrayList<>();
        for (KdcGroup e : groups.values()) {
            for (KdcLink l : e.links.values()) {
                out.add(new LinkStatus(l.name, e.spec.id(), e.spec.linkKm(), l.qber, l.compromised, l.aborts, l.lastAbort,
                        l.abortQber, l.keys.totalBits(), l.tamperAlarms));
            }
        }
        g.replyTo().tell(new Links(out));
        return this;
    }

    private Behavior<Command> onGetStatus(GetStatus g) {
        List<GroupStatus> out = new ArrayList<>();
        for (KdcGroup e : groups.values()) {
            GroupState s = states.get(e.spec.id());
            out.add(e.status(s.currentEpoch()));
        }
        g.replyTo().tell(new Status(session, out, List.copyOf(authResults), crossGroup.relayedCount(),
                crossGroup.rejectedCount() + unroutable.get(), secretRelayed, secretRejected, secretRefused));
        return this;
    }
}
