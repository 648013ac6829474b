package io.qmkdc.actor;

import io.qmkdc.crypto.AeadKey;
import io.qmkdc.crypto.KeyPool;
import io.qmkdc.gkm.GroupState;
import io.qmkdc.gkm.KeyTree;
import io.qmkdc.gkm.LeafPlacement;
import io.qmkdc.gkm.RekeyPolicy;
import io.qmkdc.gkm.RekeyTally;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The KDC's logical key hierarchy of one per-member group (issue 11; {@link KeyTree}): which members
 * sit in the tree, the changes queued since the last rekey, and the batch that turns them into one
 * epoch of the group's {@link GroupState} and one multicast {@link Group.MulticastRekey}. A joiner's
 * leaf key is 256 fresh bits of its own QKD link (drawn after its P_k), so the tree is rooted in QKD.
 * Mutable state of {@link QmKdc}, never sent.
 */
final class KdcTree {
    /** One batch's messages, for the group terminal: the epoch's membership, then the rekey. */
    record Rekeyed(Group.Membership membership, Group.MulticastRekey rekey) {
        void sendTo(KdcGroup e) {
            e.spec.group().tell(membership);
            e.spec.group().tell(rekey);
            e.membershipEpoch = membership.epoch();
        }
    }

    final RekeyPolicy policy;
    final RekeyTally tally;
    private final String groupId;
    private final KeyTree tree;
    private final Set<String> inTree = new LinkedHashSet<>();
    private final Map<String, Long> changedAt = new HashMap<>();
    private final Map<String, LeafAt> leafAt = new HashMap<>();

    private record LeafAt(int round, long offset) {
    }

    private boolean refresh;
    private boolean flushScheduled;

    KdcTree(String groupId, RekeyPolicy policy) {
        this.groupId = groupId;
        this.policy = policy;
        this.tree = new KeyTree(groupId, policy.degree(), new SecureRandom());
        this.tally = new RekeyTally(RekeyPolicy.LKH, policy.degree());
    }

    /** A member left or passed authentication now (the start of its change's latency). */
    void changed(String member) {
        changedAt.put(member, System.nanoTime());
    }

    /** Re-initialization: the next batch replaces the root even without a membership change. */
    void refresh() {
        refresh = true;
    }

    /** True when a flush of this group is to be scheduled now (none is pending). */
    boolean scheduleFlush() {
        boolean due = !flushScheduled;
        flushScheduled = true;
        return due;
    }

    /**
     * The batch interval ended: its rekey, or null (nothing changed, or the first epoch still waits
     * for every member session, as the star's does).
     */
    Rekeyed flush(KdcGroup e, GroupState state, akka.actor.typed.ActorRef<QmKdc.Command> kdc) {
        flushScheduled = false;
        if (state.currentEpoch() < 0 && e.pendingAuth > 0) {
            return null;
        }
        Rekeyed r = rekey(e, state, kdc);
        if (r != null) {
            KeyAudit.issued(state.currentKey().key().export());
        }
        return r;
    }

    /**
     * The batch due now: members authenticated with a trusted link join, members gone leave; one new
     * epoch for all of them. Null when nothing changed (or no member is ready for the first epoch).
     */
    private Rekeyed rekey(KdcGroup e, GroupState state, akka.actor.typed.ActorRef<QmKdc.Command> kdc) {
        List<String> leaves = new ArrayList<>();
        for (String m : inTree) {
            if (!e.passed.contains(m) || !e.members.containsKey(m)) {
                leaves.add(m);
            }
        }
        Map<String, AeadKey> joins = new java.util.LinkedHashMap<>();
        for (String m : e.passed) {
            KdcLink l = e.links.get(m);
            if (!inTree.contains(m) && e.members.containsKey(m) && l != null && l.trusted()) {
                AeadKey leaf = leafKey(m, l);
                if (leaf != null) {
                    joins.put(m, leaf);
                }
            }
        }
        if (joins.isEmpty() && leaves.isEmpty() && (!refresh || inTree.isEmpty())) {
            return null;
        }
        String cause = "lkh batch: " + joins.size() + " joins, " + leaves.size() + " leaves";
        if (state.currentEpoch() < 0) {
            state.initialize(joins.keySet());
        } else if (state.change(joins.keySet(), leaves, cause) instanceof GroupState.Unchanged) {
            state.rekey("re-initialization: new root under the tree");
        }
        refresh = false;
        for (String m : leaves) {
            tree.leave(m);
            inTree.remove(m);
        }
        joins.forEach((m, k) -> {
            tree.join(m, k);
            inTree.add(m);
        });
        KeyTree.Batch b = tree.rekey(state.currentKey());
        List<Long> times = new ArrayList<>();
        for (String m : leaves) {
            times.add(changedAt.getOrDefault(m, System.nanoTime()));
            changedAt.remove(m);
        }
        for (String m : joins.keySet()) {
            times.add(changedAt.getOrDefault(m, System.nanoTime()));
            changedAt.remove(m);
        }
        tally.batch(state.currentEpoch(), b, times);
        List<LeafPlacement> placed = new ArrayList<>();
        for (KeyTree.Placement p : b.placements()) {
            LeafAt at = leafAt.remove(p.member());
            placed.add(new LeafPlacement(p.member(), p.leafNode(), at.round(), at.offset(),
                    state.senderIndex(p.member()).orElseThrow()));
        }
        List<Group.MemberIndex> members = new ArrayList<>();
        for (String m : state.members()) {
            members.add(new Group.MemberIndex(m, state.senderIndex(m).orElseThrow()));
        }
        return new Rekeyed(new Group.Membership(groupId, state.currentEpoch(), members),
                new Group.MulticastRekey(b.message(), placed, kdc));
    }

    /** 256 bits of the member's link key after its P_k (the member draws the same bits at the same offset). */
    private AeadKey leafKey(String m, KdcLink l) {
        KeyPool pool = l.keys.pool(l.pkRound);
        if (pool == null) {
            return null;
        }
        KeyPool.Draw d = pool.drawBits(AeadKey.BYTES * 8);
        if (!(d instanceof KeyPool.Drawn drawn)) {
            return null; // this round is spent: the member joins after its link's next round
        }
        KeyAudit.issued(drawn.bytes());
        leafAt.put(m, new LeafAt(l.pkRound, drawn.offset()));
        return AeadKey.from(drawn);
    }
}
