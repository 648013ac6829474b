package io.qmkdc.gkm;

import io.qmkdc.crypto.Aead;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One multicast rekey message of a logical key hierarchy (Wong, Gouda, Lam 1998; RFC 2627 §5.4): every
 * key the change replaced, each encrypted under a key its holders already have or receive earlier in
 * the same message. Entries are ordered bottom-up, so a member opens them in order and needs nothing
 * else; a member opens only the entries under keys on its own path. Public: it carries no key in clear.
 *
 * @param groupId the group
 * @param epoch   the G_k epoch this rekey opens (the root key is G_k of that epoch)
 * @param root    the root's node id (it changes when the tree grows a level) and its new version
 * @param entries the encrypted keys, bottom-up
 * @param joins   members that joined in this batch
 * @param leaves  members that left in this batch
 */
public record TreeRekey(String groupId, long epoch, long root, int rootVersion, List<Entry> entries, int joins,
        int leaves) {
    public TreeRekey {
        entries = List.copyOf(entries);
    }

    /**
     * The new key of {@code node} (version {@code version}) under the key of node {@code under} at
     * {@code underVersion}; the AAD binds group, epoch and both positions ({@link #aad}).
     */
    public record Entry(long node, int version, long under, int underVersion, Aead.Sealed sealed) {
        /** Bytes on the wire: two node ids, two versions, nonce and ciphertext with its tag. */
        public int wireBytes() {
            return 2 * Long.BYTES + 2 * Integer.BYTES + sealed.nonce().length + sealed.ciphertext().length;
        }
    }

    /** Encryptions this rekey cost the KDC (one per entry). */
    public int encryptions() {
        return entries.size();
    }

    /** Size of the rekey message's entries on the wire. */
    public int wireBytes() {
        return entries.stream().mapToInt(Entry::wireBytes).sum();
    }

    /** The associated data of one entry: a key cannot be moved to another node, version, group or epoch. */
    static byte[] aad(String groupId, long epoch, long node, int version, long under, int underVersion) {
        return ("lkh|" + groupId + "|" + epoch + "|" + node + "." + version + "|" + under + "." + underVersion)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "TreeRekey[" + groupId + ", epoch=" + epoch + ", entries=" + entries.size() + ", joins=" + joins
                + ", leaves=" + leaves + "]";
    }
}
