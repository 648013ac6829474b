package io.qmkdc.kme;

import io.qmkdc.crypto.Sensitivity;
import io.qmkdc.qkd.BitVector;
import java.util.Random;

/** Three KMEs: g1 (a1, a2, a3), g2 (b1, b2), g3 TOP_SECRET (c1); pools filled as an in-process link would. */
final class KmeFixture {
    final SaeDirectory dir = SaeDirectory.builder()
            .sae("a1", "g1", Sensitivity.NORMAL).sae("a2", "g1", Sensitivity.NORMAL).sae("a3", "g1", Sensitivity.NORMAL)
            .sae("b1", "g2", Sensitivity.NORMAL).sae("b2", "g2", Sensitivity.NORMAL)
            .sae("c1", "g3", Sensitivity.TOP_SECRET)
            .build();
    final DeliveryPools pools = new DeliveryPools();
    final KeyStore store;
    private final Random rnd = new Random(7); // stands in for a keyed BB84 round's output in these tests

    KmeFixture(KmeLimits limits) {
        store = new KeyStore(dir, pools, limits);
    }

    KmeFixture() {
        this(KmeLimits.standard());
    }

    /** A keyed round of {@code bits} bits on {@code link}: the same bits at both ends. */
    KmeFixture fill(String link, int bits) {
        byte[] b = new byte[(bits + 7) / 8];
        rnd.nextBytes(b);
        BitVector v = BitVector.fromBytes(b, bits);
        pools.deposit(link, v);
        v.wipe();
        return this;
    }
}
