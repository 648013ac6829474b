package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import io.qmkdc.crypto.AeadKey;
import io.qmkdc.crypto.CipherPolicy;
import io.qmkdc.crypto.KeyPool;
import io.qmkdc.crypto.Sensitivity;
import io.qmkdc.gkm.GroupKey;
import io.qmkdc.gkm.GroupKeyDistribution;
import io.qmkdc.gkm.GroupPrivateKey;
import io.qmkdc.gkm.GroupState;
import io.qmkdc.gkm.WrappedGroupKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The KDC's side of paper §2.3: P_k from a keyed link round, and C(G_k) = E(M(G_k), P_k) as the
 * {@link Group.DeliverGroupKey} message. The group's sensitivity picks the wrap (DESIGN §6):
 * TOP_SECRET → one-time pad from the link's QKD key, refused with the reason when the pool is
 * short; otherwise AES-256-GCM under P_k.
 */
final class GroupKeyWiring {
    private GroupKeyWiring() {
    }

    /** P_k = the first 256 unused bits of round {@code round}'s key; false when the round has too few. */
    static boolean newPrivateKey(KdcGroup e, KdcLink l, int round) {
        KeyPool pool = l.keys.pool(round);
        if (pool == null) {
            return false;
        }
        KeyPool.Draw draw = pool.drawBits(AeadKey.BYTES * 8);
        if (!(draw instanceof KeyPool.Drawn drawn)) {
            e.refusal = "link " + l.name + " round " + round + " gave too little key for P_k: " + draw;
            return false;
        }
        KeyAudit.issued(drawn.bytes());
        long offset = drawn.offset();
        if (l.pk != null) {
            l.pk.destroy();
        }
        l.pk = new GroupPrivateKey(e.spec.id(), AeadKey.from(drawn), pool);
        l.pkRound = round;
        l.pkOffset = offset;
        return true;
    }

    /**
     * C(G_k) of the current epoch under link {@code l}'s P_k, listing the current members, or null
     * (reason in {@code e.refusal}).
     */
    static Group.DeliverGroupKey wrap(KdcGroup e, KdcLink l, GroupState state, ActorRef<QmKdc.Command> replyTo) {
        GroupKey gk = state.currentKey();
        Sensitivity level = Sensitivity.valueOf(e.spec.sensitivity());
        GroupKeyDistribution.Wrapping w = GroupKeyDistribution.wrap(gk, l.pk,
                GroupKeyDistribution.Wrap.forLevel(CipherPolicy.standard(), level));
        if (w instanceof GroupKeyDistribution.NotWrapped n) {
            e.refusal = "G_k epoch " + gk.epoch() + " (" + level + ") not sent over " + l.name + ": " + n.reason();
            return null;
        }
        KeyAudit.issued(gk.key().export());
        List<Group.MemberIndex> members = new ArrayList<>();
        for (String m : state.members()) {
            members.add(new Group.MemberIndex(m, state.senderIndex(m).orElseThrow()));
        }
        WrappedGroupKey wrapped = ((GroupKeyDistribution.Wrapped) w).wrapped();
        if (wrapped instanceof WrappedGroupKey.PadWrapped p) {
            return new Group.DeliverGroupKey(e.spec.id(), gk.epoch(), l.pkRound, l.pkOffset, "otp", new byte[0],
                    p.sealed().ciphertext(), p.sealed().offset(), p.sealed().tag(), members, replyTo);
        }
        WrappedGroupKey.AeadWrapped a = (WrappedGroupKey.AeadWrapped) wrapped;
        return new Group.DeliverGroupKey(e.spec.id(), gk.epoch(), l.pkRound, l.pkOffset, "aead", a.sealed().nonce(),
                a.sealed().ciphertext(), 0, 0, members, replyTo);
    }
}
