package io.qmkdc.gkm;

import io.qmkdc.crypto.Aead;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A same-group message (paper §2.4) sealed by AES-256-GCM under the epoch's G_k. The nonce is
 * rebuilt from (senderIndex, sequence) and the AAD binds (group, epoch, sender, sequence, origin),
 * so editing any header field is detected. {@code origin} is empty for direct messages and names
 * the source ("group#sender") for messages re-encrypted by the {@link CrossGroupRelay}.
 */
public record GroupMessage(String groupId, long epoch, int senderIndex, long sequence, String origin,
                           byte[] ciphertext) {

    /** Opens with {@code key}; wrong group or epoch, or any tampering, gives {@link Aead.Rejected}. */
    public Aead.Opening open(GroupKey key) {
        if (!key.groupId().equals(groupId) || key.epoch() != epoch) {
            return new Aead.Rejected("message of " + groupId + "@" + epoch + " but key of "
                    + key.groupId() + "@" + key.epoch());
        }
        return Aead.open(key.key(), nonce(senderIndex, sequence), aad(groupId, epoch, senderIndex, sequence, origin),
                ciphertext);
    }

    /** Identity used by duplicate filters. */
    public MessageId id() {
        return new MessageId(groupId, epoch, senderIndex, sequence);
    }

    public record MessageId(String groupId, long epoch, int senderIndex, long sequence) {
    }

    static byte[] nonce(int senderIndex, long sequence) {
        return ByteBuffer.allocate(Aead.NONCE_BYTES).putInt(senderIndex).putLong(sequence).array();
    }

    static byte[] aad(String groupId, long epoch, int senderIndex, long sequence, String origin) {
        byte[] g = groupId.getBytes(StandardCharsets.UTF_8);
        byte[] o = origin.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + 4 + g.length + 8 + 4 + 8 + 4 + o.length)
                .putLong(0x474D53472D414431L) // "GMSG-AD1"
                .putInt(g.length).put(g).putLong(epoch).putInt(senderIndex).putLong(sequence)
                .putInt(o.length).put(o).array();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GroupMessage m && m.id().equals(id()) && m.origin.equals(origin)
                && Arrays.equals(m.ciphertext, ciphertext);
    }

    @Override
    public int hashCode() {
        return id().hashCode() * 31 + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "GroupMessage[" + groupId + "@" + epoch + ", sender=" + senderIndex + ", seq=" + sequence
                + (origin.isEmpty() ? "" : ", from " + origin) + ", " + ciphertext.length + " bytes]";
    }
}
