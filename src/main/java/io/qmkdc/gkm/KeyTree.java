package io.qmkdc.gkm;

import io.qmkdc.crypto.Aead;
import io.qmkdc.crypto.AeadKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The KDC's logical key hierarchy of one group (Wong, Gouda, Lam, "Secure group communications using
 * key graphs", 1998; RFC 2627): a d-ary tree whose leaves are the members' leaf keys (from each
 * member's QKD link, so the tree is rooted in QKD) and whose root key is G_k. All leaves sit at depth
 * L; the tree grows a level when it is full. A change replaces every key on the changed leaves' paths:
 * a join costs 2L encryptions (each new key under its old self and under the joiner's branch), a leave
 * d·L − 1 (each new key under every remaining child). Changes are applied in batches
 * ({@link #rekey()}; Li, Yang, Gouda, Lam 2001): paths shared by several changes are rekeyed once,
 * and joiners take the slots of members that left first.
 */
public final class KeyTree {
    /** Sender index of every LKH sealer: leaf keys are dedicated to the tree, so one index suffices. */
    static final int SENDER = 0;

    private final String groupId;
    private final int degree;
    private final SecureRandom random;
    private final Map<String, TreeNode> leaves = new HashMap<>();
    private final Map<String, AeadKey> pendingJoins = new LinkedHashMap<>();
    private final Set<TreeNode> leftFrom = new HashSet<>();
    private TreeNode root;
    private int depth = 1;
    private long nextId;
    private long epoch;
    private int pendingLeaves;
    private boolean rekeyed;

    /** Where a joined member sits: its leaf's node id (the member's path starts there). */
    public record Placement(String member, long leafNode) {
    }

    public KeyTree(String groupId, int degree, SecureRandom random) {
        if (degree < 2) {
            throw new IllegalArgumentException("degree: must be >= 2, got " + degree);
        }
        this.groupId = groupId;
        this.degree = degree;
        this.random = random;
        this.root = new TreeNode(nextId++, null, freshKey(), degree);
    }

    public int degree() {
        return degree;
    }

    /** L: every leaf's distance from the root. */
    public int depth() {
        return depth;
    }

    public int members() {
        return leaves.size() + pendingJoins.size();
    }

    /** The epoch of the last rekey (G_k of that epoch is {@link #groupKey()}). */
    public long epoch() {
        return epoch;
    }

    /** G_k: the root key of the current epoch (a view; the tree owns and destroys it). */
    public GroupKey groupKey() {
        return new GroupKey(groupId, epoch, root.key);
    }

    /** Queues a join with the member's leaf key (256 bits of its link's QKD key, dedicated to the tree). */
    public void join(String member, AeadKey leafKey) {
        if (leaves.containsKey(member) || pendingJoins.containsKey(member)) {
            throw new IllegalArgumentException("member: '" + member + "' is already in group " + groupId);
        }
        pendingJoins.put(member, leafKey);
    }

    /** Queues a leave; its leaf is freed now, its path is rekeyed by the next {@link #rekey()}. */
    public void leave(String member) {
        if (pendingJoins.remove(member) != null) {
            return;
        }
        TreeNode leaf = leaves.remove(member);
        if (leaf == null) {
            throw new IllegalArgumentException("member: '" + member + "' is not in group " + groupId);
        }
        TreeNode parent = leaf.parent;
        parent.detach(leaf);
        leaf.key.destroy();
        pendingLeaves++;
        leftFrom.add(parent);
    }

    /** Joins and leaves queued since the last rekey. */
    public boolean hasPendingChanges() {
        return !pendingJoins.isEmpty() || pendingLeaves > 0;
    }

    /**
     * Applies every queued change as one rekey of a new epoch. Returns the multicast rekey message and,
     * for each joiner, its placement (sent to the joiner alone; its keys come in the message).
     */
    public Batch rekey() {
        if (!hasPendingChanges()) {
            throw new IllegalStateException("no join or leave to rekey in group " + groupId);
        }
        return rekey(null);
    }

    /**
     * As {@link #rekey()}, with {@code next} (G_k of a later epoch, chosen by the caller's {@link GroupState})
     * as the new root key; the tree keeps a copy. With no change queued only the root is replaced (under each
     * of its children: d encryptions), e.g. for a re-initialization.
     */
    public Batch rekey(GroupKey next) {
        if (next != null && rekeyed && next.epoch() <= epoch) {
            throw new IllegalArgumentException("epoch: " + next.epoch() + " not after " + epoch);
        }
        if (!hasPendingChanges() && root.members() == 0) {
            throw new IllegalStateException("no member to rekey in group " + groupId);
        }
        int joins = pendingJoins.size();
        int leavesNow = pendingLeaves;
        Set<TreeNode> joinedFrom = new HashSet<>();
        List<Placement> placed = new ArrayList<>();
        for (Map.Entry<String, AeadKey> j : pendingJoins.entrySet()) {
            TreeNode leaf = place(j.getKey(), j.getValue());
            joinedFrom.add(leaf);
            placed.add(new Placement(j.getKey(), leaf.id));
        }
        pendingJoins.clear();
        rekeyed = true;
        epoch = next == null ? epoch + 1 : next.epoch();
        nextRoot = next == null ? null : next.key().export();
        List<TreeRekey.Entry> entries = new ArrayList<>();
        PathRefresh refresh = new PathRefresh(joinedFrom, leftFrom, joins + leavesNow == 0);
        refresh.refresh(entries);
        leftFrom.clear();
        pendingLeaves = 0;
        return new Batch(new TreeRekey(groupId, epoch, root.id, root.version, entries, joins, leavesNow), placed,
                refresh.leaveEntries);
    }

    /**
     * One batch's output: the multicast message, the joiners' placements, and how many of the message's
     * encryptions replaced keys above a leave (the rest are the joins' own: a joiner in a slot a leave freed
     * rides on the leave's rekey).
     */
    public record Batch(TreeRekey message, List<Placement> placements, int leaveEncryptions) {
        public int joinEncryptions() {
            return message.encryptions() - leaveEncryptions;
        }
    }

    /** The new root key of the rekey under way (G_k from the caller), or null: a fresh one. */
    private byte[] nextRoot;

    /** The leftmost free leaf slot, growing the tree by one level above the root when it is full. */
    private TreeNode place(String member, AeadKey leafKey) {
        if (root.members() == capacity(0)) {
            TreeNode old = root;
            root = new TreeNode(nextId++, null, freshKey(), degree);
            root.fresh = true;
            root.attach(0, old);
            depth++;
        }
        TreeNode at = root;
        for (int level = 0; level < depth - 1; level++) {
            at = childWithRoom(at, level + 1);
        }
        int slot = freeSlot(at);
        TreeNode leaf = new TreeNode(nextId++, member, leafKey, 0);
        at.attach(slot, leaf);
        leaves.put(member, leaf);
        return leaf;
    }

    private TreeNode childWithRoom(TreeNode node, int childLevel) {
        for (int s = 0; s < degree; s++) {
            TreeNode c = node.children[s];
            if (c == null) {
                TreeNode made = new TreeNode(nextId++, null, freshKey(), degree);
                made.fresh = true;
                node.attach(s, made);
                return made;
            }
            if (c.members() < capacity(childLevel)) {
                return c;
            }
        }
        throw new IllegalStateException("no room below a node that is not full");
    }

    private int freeSlot(TreeNode parent) {
        for (int s = 0; s < degree; s++) {
            if (parent.children[s] == null) {
                return s;
            }
        }
        throw new IllegalStateException("no free leaf slot below a node that is not full");
    }

    private long capacity(int level) {
        return Math.round(Math.pow(degree, depth - level));
    }

    private AeadKey freshKey() {
        return AeadKey.random(random);
    }

    private AeadKey rootKey() {
        AeadKey k = AeadKey.of(nextRoot);
        java.util.Arrays.fill(nextRoot, (byte) 0);
        nextRoot = null;
        return k;
    }

    /** Rekeys every node on a changed path, deepest first, and writes the entries. */
    private final class PathRefresh {
        private final Set<TreeNode> joinedBelow = new HashSet<>();
        private final Set<TreeNode> leftBelow = new HashSet<>();

        int leaveEntries;

        PathRefresh(Set<TreeNode> joinedLeaves, Set<TreeNode> leftParents, boolean rootOnly) {
            if (rootOnly) {
                leftBelow.add(root); // every holder of the old root stays: the new one goes under each child
            }
            for (TreeNode leaf : joinedLeaves) {
                for (TreeNode n = leaf; n != null; n = n.parent) {
                    joinedBelow.add(n);
                }
            }
            for (TreeNode p : leftParents) {
                for (TreeNode n = p; n != null; n = n.parent) {
                    leftBelow.add(n);
                }
            }
        }

        void refresh(List<TreeRekey.Entry> out) {
            Set<TreeNode> changed = new HashSet<>(joinedBelow);
            changed.addAll(leftBelow);
            changed.removeIf(n -> n.member != null);
            List<TreeNode> order = new ArrayList<>(changed);
            order.sort(Comparator.comparingInt(TreeNode::level).reversed());
            for (TreeNode n : order) {
                refresh(n, out);
            }
            prune(root);
        }

        /**
         * A leave below: the old key is known to who left, so the new key goes under every remaining child.
         * Joins only: under the old key (for who was there) and under each child holding a joiner.
         */
        private void refresh(TreeNode n, List<TreeRekey.Entry> out) {
            if (n.members() == 0) {
                return;
            }
            AeadKey old = n.key;
            int oldVersion = n.version;
            boolean hadHolders = !n.fresh && n.membersBefore > 0;
            Aead.Sealer underOld = n.replaceKey(n == root && nextRoot != null ? rootKey() : freshKey());
            int before = out.size();
            if (hadHolders && !leftBelow.contains(n)) {
                out.add(seal(n, underOld, n.id, oldVersion));
            }
            for (TreeNode c : n.children) {
                // a child emptied by this batch's leaves is still attached until prune(); its key is the leaver's
                if (c != null && c.members() > 0
                        && (leftBelow.contains(n) || joinedBelow.contains(c) || !hadHolders)) {
                    out.add(seal(n, c.sealer(), c.id, c.version));
                }
            }
            if (leftBelow.contains(n)) {
                leaveEntries += out.size() - before;
            }
            old.destroy();
            n.fresh = false;
        }

        private TreeRekey.Entry seal(TreeNode n, Aead.Sealer under, long underId, int underVersion) {
            byte[] key = n.key.export();
            try {
                Aead.Sealing s = under.seal(TreeRekey.aad(groupId, epoch, n.id, n.version, underId, underVersion), key);
                if (!(s instanceof Aead.Sealed sealed)) {
                    throw new IllegalStateException("LKH sealer refused: " + ((Aead.Refused) s).reason());
                }
                return new TreeRekey.Entry(n.id, n.version, underId, underVersion, sealed);
            } finally {
                java.util.Arrays.fill(key, (byte) 0);
            }
        }

        /** Drops internal nodes left without members (their keys are destroyed). */
        private void prune(TreeNode n) {
            for (int s = 0; s < n.children.length; s++) {
                TreeNode c = n.children[s];
                if (c != null && c.member == null) {
                    prune(c);
                    if (c.members() == 0) {
                        c.key.destroy();
                        n.children[s] = null;
                    }
                }
            }
            n.membersBefore = n.members();
        }
    }
}
