package io.qmkdc.actor;

import io.qmkdc.wire.CborSerializable;

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
    public static final ServiceKey<Inbound> KEY = ServiceKey.create(Inbound.class, "qmkdc-application");

    /**
     * What an application behind members may be sent: the ports' {@link Record}s and {@link Resume}s, the senders'
     * {@code Member.Completed}, a listener's {@code Member.Delivered}, and the application's own requests.
     */
    public interface Inbound {
    }

    private Application() {
    }

    /** A member (re)started on a node: which messages has it consumed? */
    public record Resume(String receiver, ActorRef<Snapshot> replyTo) implements Inbound, CborSerializable {
    }

    /** The message ids ({@code senders[i]}, {@code seqs[i]}) already consumed at {@code receiver}. */
    public record Snapshot(String receiver, List<String> senders, long[] seqs) implements CborSerializable {
    }

    /**
     * A batch of deliveries made on one node, column-wise: entry i is message (sender i, {@code seqs[i]})
     * at receiver i under key {@code epochs[i]}, at wall-clock {@code atMicros[i]}; {@code duplicates[i]}
     * when the member had delivered it already (recorded only so its acknowledgement follows the record).
     * Receiver and sender ids travel as one newline-joined string each (a list of thousands of short
     * strings cost more to serialize than the rest of the batch). Answered with {@link NodePort.Recorded}.
     */
    public record Record(long batch, ActorRef<NodePort.Command> replyTo, String receivers, String senders,
            long[] seqs, long[] epochs, long[] atMicros, boolean[] duplicates) implements Inbound, CborSerializable {
        public static Record of(long batch, ActorRef<NodePort.Command> replyTo, List<String> receivers,
                List<String> senders, long[] seqs, long[] epochs, long[] atMicros, boolean[] duplicates) {
            return new Record(batch, replyTo, String.join("\n", receivers), String.join("\n", senders), seqs, epochs,
                    atMicros, duplicates);
        }

        public int size() {
            return seqs.length;
        }

        public String[] receiverIds() {
            return receivers.isEmpty() ? new String[0] : receivers.split("\n", -1);
        }

        public String[] senderIds() {
            return senders.isEmpty() ? new String[0] : senders.split("\n", -1);
        }
    }
}
