package io.qmkdc.scenario;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.MailboxSelector;
import akka.actor.typed.Props;
import io.qmkdc.actor.Group;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.cluster.PriorityMailbox;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.QuantumRegistry;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** One group: id, link length, sensitivity, member ids, and impostors claiming membership. */
    public record GroupPlan(String id, double linkKm, String sensitivity, List<String> members, List<String> impostors) {
    }

    public final QuantumRegistry registry;
    public final ActorRef<QmKdc.Command> kdc;
    public final Map<String, ActorRef<QuantumChannel.Command>> channels = new LinkedHashMap<>();
    public final Map<String, ActorRef<Group.Command>> groups = new LinkedHashMap<>();
    public final Map<String, ActorRef<Member.Command>> members = new LinkedHashMap<>();
    public final Map<String, String> groupOf = new LinkedHashMap<>();
    private final List<QmKdc.GroupSpec> specs = new ArrayList<>();
    private final Spawner spawner;
    private final QmKdc.Settings settings;
    private final SplittableRandom random;
    private final SecureRandom keys = new SecureRandom();
    private final int kcBits;

    public Deployment(Spawner spawner, QmKdc.Settings settings, List<GroupPlan> plans, int kcBits, long seed) {
        this.spawner = spawner;
        this.settings = settings;
        this.kcBits = kcBits;
        this.random = new SplittableRandom(seed);
        this.registry = new QuantumRegistry(new SplittableRandom(random.nextLong()));
        Props priority = MailboxSelector.fromConfig(PriorityMailbox.CONFIG_PATH);
        this.kdc = spawner.spawn(QmKdc.create(settings, registry), "kdc", priority);
        for (GroupPlan g : plans) {
            addGroup(g, priority);
        }
    }

    private void addGroup(GroupPlan g, Props priority) {
        ActorRef<QuantumChannel.Command> channel = spawner.spawn(
                QuantumChannel.create(g.id(), settings.profile(), g.linkKm(), registry, random.nextLong()),
                "channel-" + g.id(), Props.empty());
        byte[] linkAuth = new byte[8192];
        keys.nextBytes(linkAuth);
        ActorRef<Group.Command> group = spawner.spawn(
                Group.create(g.id(), settings.link(g.linkKm()), channel, linkAuth, kdc), "group-" + g.id(), priority);
        channels.put(g.id(), channel);
        groups.put(g.id(), group);
        List<QmKdc.MemberSpec> memberSpecs = new ArrayList<>();
        for (String m : g.members()) {
            memberSpecs.add(member(m, g.id(), false));
        }
        for (String m : g.impostors()) {
            memberSpecs.add(member(m, g.id(), true));
        }
        specs.add(new QmKdc.GroupSpec(g.id(), g.linkKm(), g.sensitivity(), group, channel, linkAuth, memberSpecs));
    }

    /** Spawns a member registered at its terminal; an impostor holds a K_c other than the one the KDC gets. */
    public QmKdc.MemberSpec member(String id, String groupId, boolean impostor) {
        return member(id, groupId, impostor, groups.get(groupId));
    }

    /** As {@link #member(String, String, boolean)}, but the member publishes through {@code publishVia} (tests capture traffic). */
    public QmKdc.MemberSpec member(String id, String groupId, boolean impostor, ActorRef<Group.Command> publishVia) {
        BitVector kc = BitVector.random(kcBits, keys);
        BitVector held = impostor ? BitVector.random(kcBits, keys) : kc;
        ActorRef<Member.Command> ref = spawner.spawn(
                Member.create(id, groupId, held, registry, publishVia, kdc, random.nextLong()),
                "member-" + id, Props.empty());
        groups.get(groupId).tell(new Group.Register(id, ref));
        members.put(id, ref);
        groupOf.put(id, groupId);
        long[] words = java.util.Arrays.copyOf(kc.words(), BitVector.wordsFor(kcBits));
        kc.wipe();
        held.wipe();
        return new QmKdc.MemberSpec(id, ref, words, kcBits);
    }

    /** The initiator's request for every planned group. */
    public QmKdc.Initialize initialize(String session, ActorRef<QmKdc.InitializeReply> replyTo) {
        return new QmKdc.Initialize(session, List.copyOf(specs), replyTo);
    }
}
