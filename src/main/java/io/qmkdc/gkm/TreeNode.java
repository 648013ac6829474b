package io.qmkdc.gkm;

import io.qmkdc.crypto.Aead;
import io.qmkdc.crypto.AeadKey;

/** One node of a {@link KeyTree}: an internal key (or a member's leaf key), its version and its subtree. */
final class TreeNode {
    final long id;
    /** The member at a leaf; null for an internal node. */
    final String member;
    final TreeNode[] children;
    TreeNode parent;
    int slot;
    AeadKey key;
    int version;
    /** Created by the current batch: nobody held its key before, so it is sent under its children. */
    boolean fresh;
    /** Members below at the end of the previous rekey: if 0, nobody holds the old key. */
    int membersBefore;
    private int count;
    private Aead.Sealer sealer;

    TreeNode(long id, String member, AeadKey key, int degree) {
        this.id = id;
        this.member = member;
        this.key = key;
        this.children = new TreeNode[degree];
        this.count = member == null ? 0 : 1;
    }

    /** Members (leaves) below this node. */
    int members() {
        return count;
    }

    /** Edges from the root. */
    int level() {
        int l = 0;
        for (TreeNode n = parent; n != null; n = n.parent) {
            l++;
        }
        return l;
    }

    void attach(int at, TreeNode child) {
        children[at] = child;
        child.parent = this;
        child.slot = at;
        for (TreeNode n = this; n != null; n = n.parent) {
            n.count += child.count;
        }
    }

    /** Unhooks a leaf; counts above drop by one. */
    void detach(TreeNode leaf) {
        children[leaf.slot] = null;
        for (TreeNode n = this; n != null; n = n.parent) {
            n.count--;
        }
    }

    /** The KDC's one sealer on this node's current key (nonces never repeat under it). */
    Aead.Sealer sealer() {
        if (sealer == null) {
            sealer = Aead.sealer(key, KeyTree.SENDER);
        }
        return sealer;
    }

    /** Installs a new key as the next version and returns the sealer of the old one (used once more). */
    Aead.Sealer replaceKey(AeadKey next) {
        Aead.Sealer old = sealer();
        key = next;
        version++;
        sealer = null;
        return old;
    }
}
