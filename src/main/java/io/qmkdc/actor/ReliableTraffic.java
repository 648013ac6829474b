package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import io.qmkdc.wire.CborSerializable;

/**
 * A group message that must arrive: {@link GroupTraffic} plus its application message id
 * ({@code sender} and the sender's reliable sequence {@code seq}) and where recipients acknowledge.
 * A re-send carries the same id in a freshly sealed {@link GroupTraffic} (new GCM sequence, the
 * sender's current key epoch), so transport duplicate filters never hide a re-send and receivers
 * drop duplicates by this id. {@code only} (null: every current member) narrows a re-send to the
 * recipients that have not acknowledged yet.
 */
public record ReliableTraffic(String sender, long seq, ActorRef<Member.Command> ackTo, GroupTraffic traffic,
        java.util.List<String> only) implements CborSerializable {

    public ReliableTraffic(String sender, long seq, ActorRef<Member.Command> ackTo, GroupTraffic traffic) {
        this(sender, seq, ackTo, traffic, null);
    }

    /** The message id: sender id and sequence. */
    public String messageId() {
        return sender + "#" + seq;
    }

    @Override
    public String toString() {
        return "ReliableTraffic[" + messageId() + ", " + traffic + "]";
    }
}
