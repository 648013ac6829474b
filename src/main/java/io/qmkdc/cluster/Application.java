package io.qmkdc.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.receptionist.ServiceKey;
import java.util.List;

/**
 * The protocol between the members' delivery ports ({@link NodePort}) and the application behind the
 * members (a load driver's ledger), found through the receptionist under {@link #KEY}. The application
 * is the durable end of reliable messaging: it records deliveries before they are acknowledged and
 * tells a re-homed member what it already consumed.
 */
public final class Application {
    /** Where the application registers; it receives {@link Resume}, {@link Record} and {@code Member.Completed}. */
    public static final ServiceKey<Object> KEY = ServiceKey.create(Object.class, "qmkdc-application");

    private Application() {
    }

    /** A member (re)started on a node: which messages has it consumed? */
    public record Resume(String receiver, ActorRef<Snapshot> replyTo) implements CborSerializable {
    }

    /** The message ids ({@code senders[i]}, {@code seqs[i]}) already consumed at {@code receiver}. */
    public record Snapshot(String receiver, List<String> senders, long[] seqs) implements CborSerializable {
    }

    /**
     * A batch of deliveries made on one node, column-wise: entry i is message ({@code senders[i]},
     * {@code seqs[i]}) at {@code receivers[i]} under key {@code epochs[i]}, at wall-clock
     * {@code atMicros[i]}; {@code duplicates[i]} when the member had delivered it already (recorded
     * only so its acknowledgement follows the record). Answered with {@link NodePort.Recorded}.
     */
    public record Record(long batch, ActorRef<NodePort.Command> replyTo, List<String> receivers, List<String> senders,
            long[] seqs, long[] epochs, long[] atMicros, boolean[] duplicates) implements CborSerializable {
        public int size() {
            return seqs.length;
        }
    }
}
