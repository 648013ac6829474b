package io.qmkdc.cluster;

import io.qmkdc.wire.CborSerializable;
import io.qmkdc.wire.PriorityMailbox;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.MailboxSelector;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import io.qmkdc.actor.Group;
import io.qmkdc.actor.QmKdc;

/**
 * A group terminal as a Cluster Sharding entity (type "Group", entity id = group id, role
 * {@code group}): the KDC host's {@link Provision} spawns the {@link Group} (and its link end)
 * inside it (per-member keying: a terminal without a link); a newer incarnation replaces it. Answers {@link MemberEntity.Probe} like a member.
 */
public final class GroupEntity extends AbstractBehavior<Group.Inbound> {
    public static final EntityTypeKey<Group.Inbound> TYPE = EntityTypeKey.create(Group.Inbound.class, "Group");

    /** The entity's own messages; everything else it takes is a {@link Group.Command} for the terminal inside. */
    public sealed interface Command extends Group.Inbound, CborSerializable permits Provision, MemberEntity.Probe {
    }

    /** The terminal and, in per-group keying, its link end ({@code link} null in per-member keying). */
    public record Provision(long incarnation, LinkPlan link, ActorRef<QmKdc.Command> kdc) implements Command {
        @Override
        public String toString() {
            return "GroupProvision[incarnation " + incarnation + "]";
        }
    }

    private final String id;
    private final Incarnated<Group.Command> group;

    public static Behavior<Group.Inbound> create(String id) {
        return Behaviors.setup(ctx -> new GroupEntity(ctx, id));
    }

    private GroupEntity(ActorContext<Group.Inbound> ctx, String id) {
        super(ctx);
        this.id = id;
        this.group = new Incarnated<>(ctx, id);
    }

    @Override
    public Receive<Group.Inbound> createReceive() {
        return newReceiveBuilder()
                .onMessage(Provision.class, this::onProvision)
                .onMessage(MemberEntity.Probe.class, p -> { group.answer(p); return this; })
                .onMessage(Group.Command.class, c -> { group.forward(c); return this; })
                .build();
    }

    private Behavior<Group.Inbound> onProvision(Provision p) {
        if (!group.accepts(p.incarnation())) {
            return this;
        }
        LinkPlan l = p.link();
        group.replace(p.incarnation(), "g", l == null ? Group.create(id, null, null, null, p.kdc())
                : Group.create(id, l.settings(), l.channel(), l.linkAuthKey(), p.kdc()),
                MailboxSelector.fromConfig(PriorityMailbox.CONFIG_PATH));
        return this;
    }
}
