package io.qmkdc.cluster;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.EntityRef;

/**
 * A local actor that passes everything to a sharded entity: an ordinary {@code ActorRef} for code
 * that holds refs (the KDC, the group terminal) whose target lives wherever sharding puts it now,
 * so the ref survives the entity re-homing to another node.
 */
final class Forward {
    private Forward() {
    }

    static <T> Behavior<T> to(EntityRef<T> entity) {
        return Behaviors.receive((ctx, msg) -> {
            entity.tell(msg);
            return Behaviors.same();
        });
    }
}
