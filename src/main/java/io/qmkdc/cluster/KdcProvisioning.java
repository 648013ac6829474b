package io.qmkdc.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import io.qmkdc.actor.Group;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.actor.QubitStore;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.EprAttacker;
import io.qmkdc.quantum.Streams;
import io.qmkdc.quantum.QuantumRegistry;
import io.qmkdc.scenario.Scenario;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one {@link KdcHost} incarnation deployed, and how: refs that reach the sharded {@link GroupEntity},
 * {@link MemberEntity} and {@link ChannelEntity} wherever they run ({@link Forward}), the EPR side of each channel
 * beside the registry, fresh K_c for every member (an impostor's entity gets another one), and per-member keying's own
 * link per member. Owned by the host and used from its thread only (it spawns with the host's context).
 */
final class KdcProvisioning {
    /** Prefix of a channel entity's key in the probe and node maps (a link has its group's or member's id). */
    static final String CHANNEL_KEY = "channel:";

    private record OwnLink(double km, ActorRef<QuantumChannel.Command> channel, byte[] authKey) {
    }

    final Map<String, ActorRef<Group.Inbound>> groups = new LinkedHashMap<>();
    final Map<String, ActorRef<Member.Inbound>> members = new LinkedHashMap<>();
    /** Per link: the Forward to its sharded BB84 channel, and its EPR channel here. */
    final Map<String, ActorRef<QuantumChannel.Inbound>> channels = new LinkedHashMap<>();
    final Map<String, ActorRef<QuantumChannel.Command>> eprChannels = new LinkedHashMap<>();
    final Map<String, String> groupOf = new LinkedHashMap<>();
    final List<String> impostors = new ArrayList<>();
    /** Group terminals and channels (by {@link #CHANNEL_KEY}) not yet seen running this incarnation. */
    final Set<String> unprovisioned = new LinkedHashSet<>();
    private final Map<String, OwnLink> ownLinks = new LinkedHashMap<>();
    /** Per link: how often it was set up this incarnation (a rejoin or re-home sets it up again). */
    private final Map<String, Integer> renewals = new java.util.HashMap<>();
    private final ActorContext<QmKdc.Inbound> ctx;
    private final ClusterSharding sharding;
    private final KdcHost.Plan plan;
    private final long incarnation;
    /** Every party's stream is labelled from this ({@link Streams}): the seed, and on a node cluster the incarnation. */
    private final long streams;
    private final SecureRandom keys = new SecureRandom();
    private final QuantumRegistry registry;
    private final ActorRef<QubitStore.Command> qubits;
    private final ActorRef<QmKdc.Command> kdc;

    KdcProvisioning(ActorContext<QmKdc.Inbound> ctx, KdcHost.Plan plan, long incarnation, long streams,
            QuantumRegistry registry, ActorRef<QubitStore.Command> qubits, ActorRef<QmKdc.Command> kdc) {
        this.ctx = ctx;
        this.sharding = ClusterSharding.get(ctx.getSystem());
        this.plan = plan;
        this.incarnation = incarnation;
        this.streams = streams;
        this.registry = registry;
        this.qubits = qubits;
        this.kdc = kdc;
    }

    /** Provisions every entity of the plan's scenario; the KDC's initialize request for them. */
    List<QmKdc.GroupSpec> deploy() {
        Scenario s = plan.scenario();
        boolean perMember = QmKdc.PER_MEMBER.equals(s.keying());
        List<QmKdc.GroupSpec> specs = new ArrayList<>();
        for (Scenario.GroupPlan g : s.groups()) {
            // Per-group keying: one link to the terminal; per-member: one link (and channel entity) per member.
            ActorRef<QuantumChannel.Command> channel = perMember ? null : channel(g.id(), g.linkKm());
            byte[] linkAuth = perMember ? null : linkAuthKey();
            ActorRef<Group.Inbound> group = forward(GroupEntity.TYPE, g.id());
            groups.put(g.id(), group);
            group.tell(new GroupEntity.Provision(incarnation, perMember ? null
                    : LinkPlan.of(plan.settings(), g.linkKm(), channel, linkAuth), kdc));
            unprovisioned.add(g.id());
            List<QmKdc.MemberSpec> specsOf = new ArrayList<>();
            List<String> ids = new ArrayList<>(g.members());
            s.impostors().stream().filter(i -> i.group().equals(g.id())).forEach(i -> {
                ids.add(i.id());
                impostors.add(i.id());
            });
            for (String m : ids) {
                specsOf.add(member(m, g.id())); // the member entity registers its member with the group itself
            }
            specs.add(new QmKdc.GroupSpec(g.id(), g.linkKm(), g.sensitivity(), s.keying(), group.narrow(), channel,
                    linkAuth, specsOf));
        }
        return specs;
    }

    /** A scenario's join: provisions {@code m} into {@code group} (registered there); the KDC's spec, or null. */
    QmKdc.MemberSpec join(String m, String group) {
        ActorRef<Group.Inbound> terminal = groups.get(group);
        if (terminal == null) {
            return null;
        }
        prepare(m, group, true);
        // Before the provision: the member entity's own (direct) registration must come last.
        terminal.tell(new Group.Register(m, members.get(m).narrow()));
        return provision(m);
    }

    private QmKdc.MemberSpec member(String m, String group) {
        prepare(m, group, false);
        return provision(m);
    }

    /** A member whose entity re-homed: fresh K_c and, in per-member keying, a new link. */
    QmKdc.MemberSpec rehome(String m) {
        prepare(m, groupOf.get(m), true);
        return provision(m);
    }

    /**
     * The member's entity ref (spawned once) and, in per-member keying, its own link. {@code renew} (a rejoin, a
     * re-homed member): both link ends start again, so the link gets a fresh authentication key (its one-time MAC
     * keys would otherwise be spent twice) and a fresh channel with a stream of its own.
     */
    private void prepare(String m, String group, boolean renew) {
        members.computeIfAbsent(m, id -> forward(MemberEntity.TYPE, id));
        groupOf.put(m, group);
        OwnLink old = ownLinks.get(m);
        if (QmKdc.PER_MEMBER.equals(plan.scenario().keying()) && (old == null || renew)) {
            double km = plan.scenario().groups().stream().filter(g -> g.id().equals(group)).findFirst()
                    .map(Scenario.GroupPlan::linkKm).orElse(0.0);
            if (old != null) {
                ctx.stop(old.channel());
                ctx.stop(eprChannels.get(m));
            }
            ownLinks.put(m, new OwnLink(km, channel(m, km), linkAuthKey()));
        }
    }

    /** Fresh K_c to the member entity and the KDC's spec of it (an impostor's entity gets another one). */
    QmKdc.MemberSpec provision(String m) {
        BitVector kc = BitVector.random(plan.kcBits(), keys);
        BitVector held = impostors.contains(m)
                ? EprAttacker.Impostor.guess(kc, Streams.of(plan.settings().seed(), "impostor:" + m)) : kc;
        OwnLink own = ownLinks.get(m);
        int words = BitVector.wordsFor(plan.kcBits());
        members.get(m).tell(new MemberEntity.Provision(incarnation, groupOf.get(m), Arrays.copyOf(held.words(), words),
                plan.kcBits(), qubits, groups.get(groupOf.get(m)).narrow(), kdc, Streams.seed(streams, "member:" + m),
                own == null ? null : LinkPlan.of(plan.settings(), own.km(), own.channel(), own.authKey())));
        long[] kdcWords = Arrays.copyOf(kc.words(), words);
        kc.wipe();
        held.wipe();
        return own == null ? new QmKdc.MemberSpec(m, members.get(m).narrow(), kdcWords, plan.kcBits())
                : new QmKdc.MemberSpec(m, members.get(m).narrow(), kdcWords, plan.kcBits(), own.channel(),
                        own.authKey());
    }

    /** The pre-shared link authentication key: 64 KiB, half per direction (see LinkSettings on its cost). */
    private byte[] linkAuthKey() {
        byte[] k = new byte[1 << 16];
        keys.nextBytes(k);
        return k;
    }

    /**
     * The link's channel: its BB84 part a sharded {@link ChannelEntity} (role channel) provisioned for this
     * incarnation, its EPR part a {@link QuantumChannel} here beside the registry; {@link ChannelSplit} routes.
     */
    private ActorRef<QuantumChannel.Command> channel(String link, double km) {
        // A renewed link's streams and actor names differ from its first one's (same entity, re-provisioned).
        int renewal = renewals.merge(link, 1, Integer::sum) - 1;
        String label = renewal == 0 ? link : link + "~" + renewal;
        ActorRef<QuantumChannel.Command> epr = ctx.spawn(QuantumChannel.create(link, plan.settings().profile(), km,
                registry, Streams.seed(streams, "epr:" + label)), "epr-" + label + "-" + incarnation);
        ActorRef<QuantumChannel.Inbound> entity = channels.computeIfAbsent(link, l -> forward(ChannelEntity.TYPE, l));
        entity.tell(new ChannelEntity.Provision(incarnation, plan.settings().profile(), km,
                Streams.seed(streams, "channel:" + label)));
        eprChannels.put(link, epr);
        unprovisioned.add(CHANNEL_KEY + link);
        return ctx.spawn(ChannelSplit.of(entity, epr), "link-" + label + "-" + incarnation);
    }

    /** A local ref to the sharded entity {@code id} of type {@code key}. */
    private <T> ActorRef<T> forward(EntityTypeKey<T> key, String id) {
        return ctx.spawn(Forward.to(sharding.entityRefFor(key, id)),
                key.name().toLowerCase(Locale.ROOT) + "-" + id + "-" + incarnation);
    }

    /** The members as refs that reach their sharded entity wherever it runs. */
    KdcControl.MemberRefs memberRefs() {
        List<KdcControl.MemberRef> refs = new ArrayList<>();
        members.forEach((id, ref) -> refs.add(new KdcControl.MemberRef(id, groupOf.get(id), ref.narrow())));
        return new KdcControl.MemberRefs(incarnation, refs);
    }
}
