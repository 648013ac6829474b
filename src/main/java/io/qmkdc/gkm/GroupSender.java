package io.qmkdc.gkm;

import io.qmkdc.crypto.Aead;

/**
 * One sender's sealing end on one epoch's G_k: sequence numbers double as the GCM nonce counter,
 * so they only go up. Create at most one per (key, sender index) — {@link Aead#sealer} enforces
 * it within a process; after a restart, wait for the next epoch.
 */
public final class GroupSender {
    public sealed interface Sending permits Sent, NotSent {
    }

    public record Sent(GroupMessage message) implements Sending {
    }

    public record NotSent(String reason) implements Sending {
    }

    private final GroupKey key;
    private final int senderIndex;
    private final Aead.Sealer sealer;

    public GroupSender(GroupKey key, int senderIndex) {
        this.key = key;
        this.senderIndex = senderIndex;
        this.sealer = Aead.sealer(key.key(), senderIndex);
    }

    public Sending seal(byte[] plaintext) {
        return seal("", plaintext);
    }

    synchronized Sending seal(String origin, byte[] plaintext) {
        long seq = sealer.nextCounter();
        byte[] aad = GroupMessage.aad(key.groupId(), key.epoch(), senderIndex, seq, origin);
        Aead.Sealing s = sealer.seal(seq, aad, plaintext);
        if (s instanceof Aead.Refused r) {
            return new NotSent(r.reason());
        }
        return new Sent(new GroupMessage(key.groupId(), key.epoch(), senderIndex, seq, origin,
                ((Aead.Sealed) s).ciphertext()));
    }

    public GroupKey key() {
        return key;
    }

    public int senderIndex() {
        return senderIndex;
    }

    @Override
    public String toString() {
        return "GroupSender[" + key.groupId() + "@" + key.epoch() + ", sender=" + senderIndex + "]";
    }
}
