package io.qmkdc.actor;

import io.qmkdc.actor.link.LinkKeys;
import io.qmkdc.crypto.AeadKey;
import io.qmkdc.crypto.KeyPool;
import io.qmkdc.gkm.LeafPlacement;
import io.qmkdc.gkm.MemberKeyPath;
import java.util.ArrayDeque;

/**
 * Per-member keying with LKH rekeying (issue 11): the member's path of its group's key tree
 * ({@link MemberKeyPath}). A rekey that places this member starts a new path at its leaf, whose key is
 * the 256 bits of its own link's key the placement names; every rekey is opened as far as the path
 * reaches and, when it gives the root, hands G_k to {@link MemberGroupKey} and acknowledges the epoch.
 * Rekeys wait, in order, while the placement's link round is not committed at this end yet.
 */
final class MemberTreeKeys {
    private final String id;
    private final String groupId;
    private final LinkKeys link;
    private final MemberGroupKey keys;
    private final MemberTally tally;
    private final ArrayDeque<Member.TreeRekeyed> waiting = new ArrayDeque<>();
    private MemberKeyPath path;
    private int senderIndex = -1;
    private long epoch = -1;
    private long opened;
    private long notOpened;

    MemberTreeKeys(String id, String groupId, LinkKeys link, MemberGroupKey keys, MemberTally tally) {
        this.id = id;
        this.groupId = groupId;
        this.link = link;
        this.keys = keys;
        this.tally = tally;
    }

    void onRekey(Member.TreeRekeyed r) {
        waiting.add(r);
        onLinkKeyed();
    }

    /** The link committed a round: rekeys held for it may open now. */
    void onLinkKeyed() {
        while (!waiting.isEmpty() && apply(waiting.peek())) {
            waiting.poll();
        }
    }

    Member.TreeStatus status() {
        return new Member.TreeStatus(id, epoch, path == null ? 0 : path.heldKeys(), opened, notOpened);
    }

    /** False while the placement's link round is not committed at this end. */
    private boolean apply(Member.TreeRekeyed r) {
        LeafPlacement mine = r.placements().stream().filter(p -> p.member().equals(id)).findFirst().orElse(null);
        if (mine != null) {
            KeyPool pool = link.pool(mine.linkRound());
            if (pool == null) {
                return false;
            }
            KeyPool.Draw d = pool.drawAt(mine.linkOffset(), AeadKey.BYTES * 8);
            if (!(d instanceof KeyPool.Drawn drawn)) {
                tally.lastRefusal = "LKH leaf key at round " + mine.linkRound() + " unavailable: " + d;
                notOpened++;
                return true;
            }
            if (path != null) {
                path.destroy();
            }
            path = new MemberKeyPath(groupId, mine.leafNode(), AeadKey.from(drawn));
            senderIndex = mine.senderIndex();
        }
        if (path == null || !(path.apply(r.rekey()) instanceof MemberKeyPath.Rekeyed k)) {
            notOpened++;
            return true;
        }
        opened++;
        epoch = k.groupKey().epoch();
        keys.issued(new Member.GroupKeyIssued(groupId, epoch, senderIndex, k.groupKey().key().export()));
        r.replyTo().tell(new QmKdc.GroupKeyAck(groupId, id, epoch, true, ""));
        return true;
    }
}
