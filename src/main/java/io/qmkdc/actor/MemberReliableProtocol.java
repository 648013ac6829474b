package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import io.qmkdc.wire.CborSerializable;
import java.util.List;

/**
 * A {@link Member}'s reliable-messaging protocol (issue 4; {@link ReliableTraffic}): what an application
 * sends and is handed, the acknowledgements between members, node ports and groups, and the resend
 * policy and counts. The member's {@link ReliableEndpoint} does the work. {@link Member} inherits these
 * types, so they are named {@code Member.SendReliable} and so on; the commands among them are
 * {@link Member.Reliably}.
 */
public interface MemberReliableProtocol {

    /**
     * Send {@code text} reliably (issue 4): to the own group when {@code targetGroup} is null or
     * the own group, else through the KDC relay; message id = member id + sequence, re-sent until
     * every recipient acknowledged ({@link ReliableTraffic}).
     */
    public record SendReliable(String targetGroup, String text, long seq, ActorRef<Completed> replyTo)
            implements Member.Reliably {
        /** The member numbers the message itself (no completion report). */
        public SendReliable(String targetGroup, String text) {
            this(targetGroup, text, -1, null);
        }
    }

    /**
     * To the application that sent {@link SendReliable} with a {@code seq} of its own: every recipient
     * acknowledged it. An application re-submits (same seq) what stays incomplete, e.g. because the
     * sender's node died with its outbox; receivers drop the copies by message id.
     */
    public record Completed(String sender, long seq) implements Application.Inbound, CborSerializable {
    }

    /** From a node's delivery port: the application recorded the message of {@code seq} at these receivers. */
    public record Acks(long seq, List<String> receivers) implements Member.Reliably {
    }

    /**
     * From the entity that spawned this member on a cluster node: hold reliable deliveries unacknowledged
     * until the application has {@link Subscribe}d with what it already consumed (so a re-homed member
     * neither loses nor repeats a message).
     */
    public record AwaitApplication() implements Member.Reliably {
    }

    /** A reliable message, fanned out by a group. */
    public record DeliverReliable(ReliableTraffic reliable) implements Member.Reliably {
    }

    /** From the fan-out point (own group or target group): who the message of {@code seq} went to. */
    public record FannedOut(long seq, List<String> recipients) implements Member.Reliably {
    }

    /** From a recipient: the message of {@code seq} arrived (sent again for duplicates). */
    public record Ack(long seq, String receiver) implements Member.Reliably {
    }

    /** The application behind this member: reliable messages are handed to {@code listener} (not kept in Status). */
    public record Subscribe(ActorRef<Delivered> listener, long subscription, boolean endToEnd,
            List<String> consumedSenders, long[] consumedSeqs) implements Member.Reliably {
        /** The member acknowledges itself and hands each message to {@code listener} once. */
        public Subscribe(ActorRef<Delivered> listener) {
            this(listener, 0, false, List.of(), new long[0]);
        }
    }

    /**
     * A reliable message handed to the application, once per message id. With an end-to-end
     * {@link Subscribe} the application acknowledges ({@link Acks} to {@code ackTo}) after recording it,
     * and copies are handed on too ({@code duplicate}) so their acks follow the same path.
     */
    public record Delivered(String receiver, String messageId, long epoch, String text, String sender, long seq,
            boolean duplicate, long deliveredAtMicros, long subscription, ActorRef<Member.Command> ackTo)
            implements Application.Inbound, CborSerializable {
        public Delivered(String receiver, String messageId, long epoch, String text) {
            this(receiver, messageId, epoch, text, "", -1, false, 0, 0, null);
        }

        @Override
        public String toString() {
            return "Delivered[" + messageId + " at " + receiver + (duplicate ? ", duplicate" : "") + "]";
        }
    }

    /** Resend policy: first timeout, cap of the timeout, sends allowed in all (first one included). */
    public record SetResendPolicy(long firstTimeoutMs, long maxTimeoutMs, int maxAttempts) implements Member.Reliably {
    }

    public record GetReliability(ActorRef<Reliability> replyTo) implements Member.Reliably {
    }

    /**
     * Reliable-messaging counts: messages sent, re-sends, re-sends re-sealed under a newer epoch,
     * given up, still unacknowledged; delivered, duplicates dropped, dropped as sealed under an
     * epoch older than the receiver's; and the member's key epoch (-1 none).
     */
    public record Reliability(String member, long epoch, long sent, long resends, long resealed, long gaveUp,
            int outstanding, long delivered, long duplicates, long staleEpoch) implements CborSerializable {
    }
}
