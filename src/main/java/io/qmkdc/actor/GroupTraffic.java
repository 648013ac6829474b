package io.qmkdc.actor;

import io.qmkdc.wire.CborSerializable;
import io.qmkdc.gkm.GroupMessage;

/**
 * A group message on the wire (paper §2.4–2.5): AES-256-GCM under G_k of {@code groupId} at
 * {@code epoch}, nonce = sender index ‖ sequence, associated data binding group, epoch, sender,
 * sequence and origin. {@code from} names the sending member (routing only; not trusted).
 */
public record GroupTraffic(String groupId, long epoch, int senderIndex, long sequence, String origin,
        byte[] ciphertext, String from) implements CborSerializable {

    public static GroupTraffic of(GroupMessage m, String from) {
        return new GroupTraffic(m.groupId(), m.epoch(), m.senderIndex(), m.sequence(), m.origin(), m.ciphertext(), from);
    }

    public GroupMessage message() {
        return new GroupMessage(groupId, epoch, senderIndex, sequence, origin, ciphertext);
    }

    /** A copy with one ciphertext bit flipped (tampering in transit). */
    public GroupTraffic tampered() {
        byte[] c = ciphertext.clone();
        c[c.length / 2] ^= 1;
        return new GroupTraffic(groupId, epoch, senderIndex, sequence, origin, c, from);
    }

    @Override
    public String toString() {
        return "GroupTraffic[" + groupId + "@" + epoch + ", sender=" + senderIndex + ", seq=" + sequence + ", "
                + ciphertext.length + " bytes]";
    }
}
