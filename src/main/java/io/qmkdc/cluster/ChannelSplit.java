package io.qmkdc.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.qmkdc.actor.QuantumChannel;

/**
 * The one channel ref the KDC and a group terminal hold for a link, split by what travels on it:
 * the EPR halves of authentication ({@code CarryPairHalf(s)}, {@code CarryReturn}) go to a channel
 * beside the KDC's qubit registry (an EPR pair is one state vector, so its qubits stay in that JVM);
 * pulses and the authenticated classical messages of BB84 go to the link's {@link ChannelEntity},
 * wherever sharding placed it (role {@code channel}).
 */
final class ChannelSplit {
    private ChannelSplit() {
    }

    static Behavior<QuantumChannel.Command> of(ActorRef<QuantumChannel.Inbound> bb84Entity, ActorRef<QuantumChannel.Command> epr) {
        return Behaviors.receive((ctx, msg) -> {
            if (msg instanceof QuantumChannel.CarryPairHalf || msg instanceof QuantumChannel.CarryPairHalves
                    || msg instanceof QuantumChannel.CarryReturn) {
                epr.tell(msg);
            } else {
                bb84Entity.tell(msg);
            }
            return Behaviors.same();
        });
    }
}
