package io.qmkdc.gkm;

import io.qmkdc.crypto.Aead;
import io.qmkdc.crypto.AeadKey;
import java.security.SecureRandom;

/**
 * What one membership change costs the KDC of a group of n members, measured by doing it: the star
 * (today's per-member keying: the new G_k wrapped under each member's link key, n on a join and n − 1
 * on a leave) against a logical key hierarchy of degree d (Wong, Gouda, Lam 1998: 2L and d·L − 1 with
 * L = ⌈log_d n⌉), and a batch of k leaves plus k joins applied as one rekey (Li, Yang, Gouda, Lam 2001).
 */
public final class RekeyCosts {
    /** Encryptions and bytes of one change; {@code formula} is the textbook count for comparison. */
    public record Change(int encryptions, long bytes, int formula) {
    }

    /**
     * One scheme at one size. {@code degree} is 0 for the star; {@code batch} is a churn batch of
     * {@code batchSize} leaves and as many joins, and {@code batchPerChange} its encryptions per change.
     */
    public record Scheme(String scheme, int degree, int members, int depth, Change join, Change leave,
            int batchSize, Change batch, double batchPerChange) {
    }

    private RekeyCosts() {
    }

    public static Scheme star(int n, int batchSize, SecureRandom random) {
        int wrapBytes = starWrapBytes(random);
        return new Scheme("star", 0, n, 1, new Change(n, (long) n * wrapBytes, n),
                new Change(n - 1, (long) (n - 1) * wrapBytes, n - 1), batchSize,
                new Change(n, (long) n * wrapBytes, n), (double) n / (2 * batchSize));
    }

    /** A full tree of n members (one batch), then a leave, a join into the freed slot, and a churn batch. */
    public static Scheme lkh(int n, int degree, int batchSize, SecureRandom random) {
        KeyTree tree = new KeyTree("g", degree, random);
        for (int i = 0; i < n; i++) {
            tree.join("m" + i, AeadKey.random(random));
        }
        tree.rekey();
        int depth = tree.depth();
        TreeRekey leave = once(tree, () -> tree.leave("m1"));
        TreeRekey join = once(tree, () -> tree.join("j", AeadKey.random(random)));
        TreeRekey batch = once(tree, () -> {
            for (int i = 0; i < batchSize; i++) {
                tree.leave("m" + (2 + (long) i * (n - 3) / batchSize));
                tree.join("b" + i, AeadKey.random(random));
            }
        });
        return new Scheme("lkh", degree, n, depth,
                new Change(join.encryptions(), join.wireBytes(), 2 * depth),
                new Change(leave.encryptions(), leave.wireBytes(), degree * depth - 1), batchSize,
                new Change(batch.encryptions(), batch.wireBytes(), 2 * batchSize * (degree * depth - 1)),
                batch.encryptions() / (2.0 * batchSize));
    }

    private static TreeRekey once(KeyTree tree, Runnable change) {
        change.run();
        return tree.rekey().message();
    }

    /** One star wrap on the wire: nonce and AES-256-GCM of the 32-byte G_k with its tag, plus epoch and member index. */
    private static int starWrapBytes(SecureRandom random) {
        AeadKey pk = AeadKey.random(random);
        Aead.Sealed s = (Aead.Sealed) Aead.sealer(pk, 0).seal(new byte[0], new byte[AeadKey.BYTES]);
        pk.destroy();
        return s.nonce().length + s.ciphertext().length + Long.BYTES + Integer.BYTES;
    }
}
