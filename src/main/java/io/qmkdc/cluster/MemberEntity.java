package io.qmkdc.cluster;

import io.qmkdc.actor.NodePort;
import io.qmkdc.wire.CborSerializable;
import io.qmkdc.actor.QubitStore;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.cluster.typed.Cluster;
import io.qmkdc.actor.Group;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.qkd.BitVector;

/**
 * A member as a Cluster Sharding entity (type "Member", entity id = member id, role {@code member}).
 * It starts empty; the KDC host's {@link Provision} (K_c, where the group terminal, KDC and qubit
 * store are) spawns the {@link Member} inside it, and a provision of a newer KDC incarnation
 * replaces it. After a re-home the entity starts empty again, answers the host's {@link Probe}
 * with incarnation -1, and gets provisioned and re-authenticated.
 */
public final class MemberEntity extends AbstractBehavior<Member.Inbound> {
    public static final EntityTypeKey<Member.Inbound> TYPE = EntityTypeKey.create(Member.Inbound.class, "Member");

    /** The entity's own messages; everything else it takes is a {@link Member.Command} for the member inside. */
    public sealed interface Command extends Member.Inbound, CborSerializable permits Provision, Probe {
    }

    /** Out-of-band provisioning of K_c (emulated: the host hands the same K_c to the KDC). */
    /** {@code link}: the member's own BB84 link in per-member keying (null in per-group keying). */
    public record Provision(long incarnation, String groupId, long[] kc, int kcBits, ActorRef<QubitStore.Command> qubits,
            ActorRef<Group.Command> group, ActorRef<QmKdc.Command> kdc, long seed, LinkPlan link)
            implements Command {
        @Override
        public String toString() {
            return "Provision[" + groupId + ", incarnation " + incarnation + "]";
        }
    }

    /** Asked of every entity type (members, group terminals, channels): which incarnation provisioned it. */
    public record Probe(long incarnation, ActorRef<ProbeReply> replyTo)
            implements Command, GroupEntity.Command, ChannelEntity.Command {
    }

    /** {@code incarnation} of the KDC host that provisioned this entity (-1: none, e.g. just re-homed). */
    public record ProbeReply(String entity, long incarnation, String node) implements CborSerializable {
    }

    private final String id;
    private final Incarnated<Member.Command> member;

    public static Behavior<Member.Inbound> create(String id) {
        return Behaviors.setup(ctx -> new MemberEntity(ctx, id));
    }

    private MemberEntity(ActorContext<Member.Inbound> ctx, String id) {
        super(ctx);
        this.id = id;
        this.member = new Incarnated<>(ctx, id);
    }

    @Override
    public Receive<Member.Inbound> createReceive() {
        return newReceiveBuilder()
                .onMessage(Provision.class, this::onProvision)
                .onMessage(Probe.class, p -> { member.answer(p); return this; })
                .onMessage(Member.Command.class, c -> { member.forward(c); return this; })
                .build();
    }

    private Behavior<Member.Inbound> onProvision(Provision p) {
        if (!member.accepts(p.incarnation())) {
            return this;
        }
        BitVector kc = BitVector.wrap(p.kc().clone(), p.kcBits());
        Member.OwnLink own = p.link() == null ? null
                : new Member.OwnLink(p.link().settings(), p.link().channel(), p.link().linkAuthKey());
        ActorRef<Member.Command> m = member.replace(p.incarnation(), "m",
                Member.create(id, p.groupId(), kc, p.qubits(), p.group(), p.kdc(), own, p.seed()), Props.empty());
        m.tell(new Member.AwaitApplication());
        ActorRef<NodePort.Command> port = ClusterNode.port(getContext().getSystem());
        if (port != null) {
            port.tell(new NodePort.LocalMember(id, m));
        }
        // Direct both ways: the group's fan-out reaches this node's port, the member publishes to the terminal itself.
        p.group().tell(new Group.Register(id, m, true));
        kc.wipe();
        java.util.Arrays.fill(p.kc(), 0L);
        return this;
    }

    static String node(ActorContext<?> ctx) {
        return Cluster.get(ctx.getSystem()).selfMember().address().hostPort();
    }
}
