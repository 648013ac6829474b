package io.qmkdc.gkm;

import io.qmkdc.crypto.Aead;
import io.qmkdc.crypto.AeadKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A member's keys of a {@link KeyTree}: its leaf key and the keys on its path to the root, as far as
 * rekey messages gave them. It opens only the entries under keys it holds (in message order, so a key
 * opened lower down opens the next one up); an older version of a key is destroyed when replaced.
 */
public final class MemberKeyPath {
    private final String groupId;
    private final Map<Long, Held> keys = new HashMap<>();
    private long epoch = -1;
    private long root = -1;

    private record Held(int version, AeadKey key) {
    }

    public sealed interface Rekeying permits Rekeyed, NotRekeyed {
    }

    /** G_k of the rekey's epoch, and how many entries this member opened for it. */
    public record Rekeyed(GroupKey groupKey, int opened) implements Rekeying {
    }

    /** Nothing in the message reached this member's root key (not a member of that epoch), or it was stale. */
    public record NotRekeyed(String reason) implements Rekeying {
    }

    /** A member placed at {@code leafNode} with its leaf key (version 0). */
    public MemberKeyPath(String groupId, long leafNode, AeadKey leafKey) {
        this.groupId = groupId;
        keys.put(leafNode, new Held(0, leafKey));
    }

    public Rekeying apply(TreeRekey rekey) {
        if (!rekey.groupId().equals(groupId)) {
            return new NotRekeyed("rekey of group " + rekey.groupId() + ", not " + groupId);
        }
        if (rekey.epoch() <= epoch) {
            return new NotRekeyed("stale epoch " + rekey.epoch() + " <= " + epoch);
        }
        int opened = 0;
        for (TreeRekey.Entry e : rekey.entries()) {
            Held under = keys.get(e.under());
            if (under == null || under.version() != e.underVersion()) {
                continue;
            }
            byte[] aad = TreeRekey.aad(groupId, rekey.epoch(), e.node(), e.version(), e.under(), e.underVersion());
            if (Aead.open(under.key(), e.sealed(), aad) instanceof Aead.Opened o) {
                byte[] k = o.plaintext();
                install(e.node(), e.version(), AeadKey.of(k));
                Arrays.fill(k, (byte) 0);
                opened++;
            }
        }
        Held top = keys.get(rekey.root());
        if (top == null || top.version() != rekey.rootVersion()) {
            return new NotRekeyed("the rekey of epoch " + rekey.epoch() + " gave this member no root key");
        }
        epoch = rekey.epoch();
        root = rekey.root();
        return new Rekeyed(new GroupKey(groupId, epoch, top.key()), opened);
    }

    /** The keys this member holds now (for storage figures and the secrecy tests). */
    public int heldKeys() {
        return keys.size();
    }

    /** Copies of every key held now, by node (for the secrecy tests, which play a member that keeps them). */
    java.util.List<byte[]> exportKeys() {
        return keys.values().stream().map(h -> h.key().export()).toList();
    }

    /** As {@link #exportKeys()}, each under its position "node.version" (the label an entry names). */
    java.util.Map<String, byte[]> exportKeysByPosition() {
        java.util.Map<String, byte[]> out = new java.util.HashMap<>();
        keys.forEach((node, h) -> out.put(node + "." + h.version(), h.key().export()));
        return out;
    }

    /** Zeroes every key held (the member was placed again, at a new leaf). */
    public void destroy() {
        keys.values().forEach(h -> h.key().destroy());
        keys.clear();
    }

    private void install(long node, int version, AeadKey key) {
        Held before = keys.put(node, new Held(version, key));
        if (before != null && before.key() != key) {
            before.key().destroy();
        }
    }

    @Override
    public String toString() {
        return "MemberKeyPath[" + groupId + ", epoch=" + epoch + ", root=" + root + ", keys=" + keys.size() + "]";
    }
}
