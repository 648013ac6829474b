package io.qmkdc.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.ActorContext;

/**
 * What a shard entity (member, group terminal, channel) hosts for the KDC incarnation that provisioned
 * it: one actor, replaced by a newer incarnation's provision (an older one's is ignored), the entity's
 * messages for it forwarded while it runs, and that incarnation told to the host's {@link MemberEntity.Probe}
 * (-1: none yet, e.g. just re-homed). Part of the entity actor's state.
 */
final class Incarnated<C> {
    private final ActorContext<?> ctx;
    private final String id;
    private ActorRef<C> actor;
    private long incarnation = -1;
    private int spawned;

    Incarnated(ActorContext<?> ctx, String id) {
        this.ctx = ctx;
        this.id = id;
    }

    /** False for a provision of an older incarnation than the one provisioned. */
    boolean accepts(long provisioned) {
        return provisioned >= incarnation;
    }

    /** Stops the running actor, if any, and spawns {@code behavior} for {@code provisioned}, named {@code prefix-incarnation-n}. */
    ActorRef<C> replace(long provisioned, String prefix, Behavior<C> behavior, Props props) {
        if (actor != null) {
            ctx.stop(actor);
        }
        actor = ctx.spawn(behavior, name(prefix + "-" + provisioned), props);
        incarnation = provisioned;
        return actor;
    }

    /** A fresh child name: {@code prefix-n}, n counting every child the entity spawned. */
    String name(String prefix) {
        return prefix + "-" + (++spawned);
    }

    /** The running actor, null before the first provision. */
    ActorRef<C> actor() {
        return actor;
    }

    long incarnation() {
        return incarnation;
    }

    void forward(C message) {
        if (actor != null) {
            actor.tell(message);
        }
    }

    void answer(MemberEntity.Probe p) {
        p.replyTo().tell(new MemberEntity.ProbeReply(id, incarnation, MemberEntity.node(ctx)));
    }
}
