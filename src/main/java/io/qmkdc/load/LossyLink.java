package io.qmkdc.load;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Fault injection in front of an actor: messages that {@code affected} selects are dropped with
 * probability {@code drop}, else sent twice with probability {@code duplicate}; the rest pass
 * unchanged and in order. The reliable-messaging layer has to recover every drop and hide every
 * duplicate.
 */
final class LossyLink {
    private LossyLink() {
    }

    static <T> Behavior<T> create(ActorRef<T> target, Predicate<Object> affected, double drop, double duplicate,
            long seed, AtomicLong dropped, AtomicLong duplicated) {
        return Behaviors.setup(ctx -> {
            SplittableRandom random = new SplittableRandom(seed);
            return Behaviors.receiveMessage(m -> {
                if (affected.test(m)) {
                    double u = random.nextDouble();
                    if (u < drop) {
                        dropped.incrementAndGet();
                        return Behaviors.same();
                    }
                    if (u < drop + duplicate) {
                        duplicated.incrementAndGet();
                        target.tell(m);
                    }
                }
                target.tell(m);
                return Behaviors.same();
            });
        });
    }
}
