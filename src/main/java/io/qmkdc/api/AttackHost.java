package io.qmkdc.api;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.qmkdc.actor.Eavesdropper;

/** Parent of the eavesdroppers the API attaches, so that a detach can stop them (typed actors stop only children). */
final class AttackHost {
    interface Command extends NoSerializationVerificationNeeded {
    }

    record Spawn(Behavior<Eavesdropper.Command> eve, String name, ActorRef<ActorRef<Eavesdropper.Command>> replyTo)
            implements Command {
    }

    record Stop(ActorRef<Eavesdropper.Command> eve) implements Command {
    }

    private AttackHost() {
    }

    static Behavior<Command> create() {
        return Behaviors.receive((ctx, msg) -> {
            if (msg instanceof Spawn s) {
                s.replyTo().tell(ctx.spawn(s.eve(), s.name()));
            } else if (msg instanceof Stop s) {
                ctx.stop(s.eve());
            }
            return Behaviors.same();
        });
    }
}
