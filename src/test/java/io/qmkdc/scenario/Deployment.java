package io.qmkdc.scenario;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.MailboxSelector;
import akka.actor.typed.Props;
import io.qmkdc.actor.Group;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.wire.PriorityMailbox;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.EprAuthentication;
import io.qmkdc.quantum.EprAttacker;
import io.qmkdc.quantum.QuantumRegistry;
import io.qmkdc.quantum.Streams;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Spawns one emulated deployment in an actor system: the KDC, and per group a quantum channel, the
 * group terminal and its members (each with a fresh pre-shared K_c, also handed to the KDC in the
 * {@link QmKdc.Initialize} it builds). Impostors get a K_c the KDC does not know. KDC and groups
 * use the {@link PriorityMailbox}.
 */
public final class Deployment {

    /** How the deployment spawns top-level actors (test kit or actor system). */
    @FunctionalInterface
    public interface Spawner {
        <T> ActorRef<T> spawn(Behavior<T> behavior, String name, Props props);
    }

    /**
     * One group: id, link length, sensitivity, member ids, impostors claiming membership, and the
     * keying mode ({@link QmKdc#PER_GROUP}: one link to the terminal; {@link QmKdc#PER_MEMBER}: one
     * link per member, of the same length).
     */
    /** A scenario's whole deployment, spawned as system actors of {@code system}. */
    public static Deployment onSystem(akka.actor.typed.ActorSystem<?> system, Scenario scenario, LinkProfile profile,
            long seed) {
        return new Deployment(new Spawner() {
            @Override
            public <T> ActorRef<T> spawn(Behavior<T> behavior, String name, Props props) {
                return system.systemActorOf(behavior, name, props);
            }
        }, kdcSettings(scenario, profile, seed), plans(scenario), Math.max(256, 2 * scenario.auth().rounds()), seed);
    }

    public static QmKdc.Settings kdcSettings(Scenario scenario, LinkProfile profile, long seed) {
        return scenario.kdcSettings(profile, seed);
    }

    /** One plan per scenario group, with the scenario's impostors placed in their groups. */
    public static List<GroupPlan> plans(Scenario scenario) {
        List<GroupPlan> plans = new ArrayList<>();
        for (Scenario.GroupPlan g : scenario.groups()) {
            List<String> impostors = scenario.impostors().stream().filter(x -> x.group().equals(g.id()))
                    .map(Scenario.Impostor::id).toList();
            plans.add(new GroupPlan(g.id(), g.linkKm(), g.sensitivity(), g.members(), impostors, scenario.keying()));
        }
        return plans;
    }

    public record GroupPlan(String id, double linkKm, String sensitivity, List<String> members, List<String> impostors,
            String keying) {
        public GroupPlan(String id, double linkKm, String sensitivity, List<String> members, List<String> impostors) {
            this(id, linkKm, sensitivity, members, impostors, QmKdc.PER_GROUP);
        }
    }

    public final QuantumRegistry registry;
    public final ActorRef<QmKdc.Command> kdc;
    public final Map<String, ActorRef<QuantumChannel.Command>> channels = new LinkedHashMap<>();
    public final Map<String, ActorRef<Group.Command>> groups = new LinkedHashMap<>();
    public final Map<String, ActorRef<Member.Command>> members = new LinkedHashMap<>();
    public final Map<String, String> groupOf = new LinkedHashMap<>();
    private final Map<String, GroupPlan> plans = new LinkedHashMap<>();
    private final List<QmKdc.GroupSpec> specs = new ArrayList<>();
    private final Spawner spawner;
    private final QmKdc.Settings settings;
    private final long seed;
    private final SecureRandom keys = new SecureRandom();
    private final int kcBits;

    public Deployment(Spawner spawner, QmKdc.Settings settings, List<GroupPlan> plans, int kcBits, long seed) {
        this.spawner = spawner;
        this.settings = settings;
        this.kcBits = kcBits;
        this.seed = seed; // every party's stream is labelled from it (Streams)
        this.registry = new QuantumRegistry(new SplittableRandom(stream(seed).nextLong()));
        Props priority = MailboxSelector.fromConfig(PriorityMailbox.CONFIG_PATH);
        this.kdc = spawner.spawn(QmKdc.create(settings, registry), "kdc", priority);
        for (GroupPlan g : plans) {
            addGroup(g, priority);
        }
    }

    /**
     * The stream of the registry's ownership tokens (every party's own stream is labelled: {@link Streams}).
     * Salted: the KDC once drew from {@code new SplittableRandom(seed)} with the same seed, and the
     * two streams' values coincided (the registry's tokens were the first link end's stream).
     */
    static SplittableRandom stream(long seed) {
        return new SplittableRandom(seed ^ STREAM_SALT);
    }

    /** SHA-512's first IV word (fractional part of √2): any fixed constant with bits all over will do. */
    private static final long STREAM_SALT = 0x6A09E667F3BCC908L;

    private void addGroup(GroupPlan g, Props priority) {
        plans.put(g.id(), g);
        boolean perMember = QmKdc.PER_MEMBER.equals(g.keying());
        ActorRef<QuantumChannel.Command> channel = null;
        byte[] linkAuth = null;
        if (!perMember) {
            channel = channel(g.id(), g.linkKm());
            linkAuth = linkAuthKey();
        }
        ActorRef<Group.Command> group = spawner.spawn(perMember ? Group.create(g.id(), null, null, null, kdc)
                : Group.create(g.id(), settings.link(g.linkKm()), channel, linkAuth, kdc), "group-" + g.id(), priority);
        groups.put(g.id(), group);
        List<QmKdc.MemberSpec> memberSpecs = new ArrayList<>();
        for (String m : g.members()) {
            memberSpecs.add(member(m, g.id(), false));
        }
        for (String m : g.impostors()) {
            memberSpecs.add(member(m, g.id(), true));
        }
        specs.add(new QmKdc.GroupSpec(g.id(), g.linkKm(), g.sensitivity(), g.keying(), group, channel, linkAuth,
                memberSpecs));
    }

    /** A quantum channel for link {@code name}, registered in {@link #channels}. */
    private ActorRef<QuantumChannel.Command> channel(String name, double km) {
        ActorRef<QuantumChannel.Command> c = spawner.spawn(
                QuantumChannel.create(name, settings.profile(), km, registry, Streams.seed(seed, "channel:" + name)), "channel-" + name,
                Props.empty());
        channels.put(name, c);
        return c;
    }

    /** The pre-shared link authentication key: 64 KiB, half per direction (see LinkSettings on its cost). */
    private byte[] linkAuthKey() {
        byte[] k = new byte[1 << 16];
        keys.nextBytes(k);
        return k;
    }

    /** The channels of a group's links: its terminal's, or its members' in per-member keying. */
    public List<ActorRef<QuantumChannel.Command>> channelsOf(String group) {
        if (channels.containsKey(group)) {
            return List.of(channels.get(group));
        }
        List<ActorRef<QuantumChannel.Command>> out = new ArrayList<>();
        groupOf.forEach((m, g) -> {
            if (g.equals(group) && channels.containsKey(m)) {
                out.add(channels.get(m));
            }
        });
        return out;
    }

    /** Spawns a member registered at its terminal; an impostor holds a K_c other than the one the KDC gets. */
    public QmKdc.MemberSpec member(String id, String groupId, boolean impostor) {
        return member(id, groupId, impostor, groups.get(groupId));
    }

    /** As {@link #member(String, String, boolean)}, but the member publishes through {@code publishVia} (tests capture traffic). */
    public QmKdc.MemberSpec member(String id, String groupId, boolean impostor, ActorRef<Group.Command> publishVia) {
        BitVector kc = BitVector.random(kcBits, keys);
        BitVector held = impostor ? EprAttacker.Impostor.guess(kc, Streams.of(seed, "impostor:" + id)) : kc;
        GroupPlan plan = plans.get(groupId);
        ActorRef<QuantumChannel.Command> channel = null;
        byte[] linkAuth = null;
        Member.OwnLink own = null;
        if (QmKdc.PER_MEMBER.equals(plan.keying())) {
            channel = channel(id, plan.linkKm());
            linkAuth = linkAuthKey();
            own = new Member.OwnLink(settings.link(plan.linkKm()), channel, linkAuth);
        }
        ActorRef<Member.Command> ref = spawner.spawn(
                Member.create(id, groupId, held, registry, publishVia, kdc, own, Streams.seed(seed, "member:" + id)),
                "member-" + id, Props.empty());
        groups.get(groupId).tell(new Group.Register(id, ref));
        members.put(id, ref);
        groupOf.put(id, groupId);
        long[] words = java.util.Arrays.copyOf(kc.words(), BitVector.wordsFor(kcBits));
        kc.wipe();
        held.wipe();
        return new QmKdc.MemberSpec(id, ref, words, kcBits, channel, linkAuth);
    }

    /**
     * A member that left comes back (load churn): a new actor for {@code id} with a fresh K_c and a new own link
     * (per-member keying), {@code incarnation} (2, 3, ...) naming its actors and streams; registered at its
     * terminal in place of the old actor, which the caller stops. The KDC's spec, for a {@link QmKdc.Join}.
     */
    public QmKdc.MemberSpec rejoin(String id, String groupId, ActorRef<Group.Command> publishVia, int incarnation) {
        BitVector kc = BitVector.random(kcBits, keys);
        GroupPlan plan = plans.get(groupId);
        String label = id + "#" + incarnation;
        ActorRef<QuantumChannel.Command> channel = null;
        byte[] linkAuth = null;
        Member.OwnLink own = null;
        if (QmKdc.PER_MEMBER.equals(plan.keying())) {
            channel = spawner.spawn(QuantumChannel.create(id, settings.profile(), plan.linkKm(), registry,
                    Streams.seed(seed, "channel:" + label)), "channel-" + id + "-" + incarnation, Props.empty());
            channels.put(id, channel);
            linkAuth = linkAuthKey();
            own = new Member.OwnLink(settings.link(plan.linkKm()), channel, linkAuth);
        }
        ActorRef<Member.Command> ref = spawner.spawn(Member.create(id, groupId, kc, registry, publishVia, kdc, own,
                Streams.seed(seed, "member:" + label)), "member-" + id + "-" + incarnation, Props.empty());
        groups.get(groupId).tell(new Group.Register(id, ref));
        members.put(id, ref);
        long[] words = java.util.Arrays.copyOf(kc.words(), BitVector.wordsFor(kcBits));
        kc.wipe();
        return new QmKdc.MemberSpec(id, ref, words, kcBits, channel, linkAuth);
    }

    /** The initiator's request for every planned group. */
    public QmKdc.Initialize initialize(String session, ActorRef<QmKdc.InitializeReply> replyTo) {
        return new QmKdc.Initialize(session, List.copyOf(specs), replyTo);
    }
}
