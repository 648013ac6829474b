package io.qmkdc.gkm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.qmkdc.crypto.Aead;
import io.qmkdc.crypto.AeadKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.Test;

/**
 * Forward and backward secrecy of {@link KeyTree} under random batched churn (issue 11): seeded runs of
 * batches that mix joins, leaves and rejoins of the same names (in the same batch too), at degrees 2 to 4 and sizes that make
 * the tree grow and shrink. Every member ever placed keeps every key it ever held; after each batch,
 * a member outside the epoch (trying each key it kept) must open no entry of the batch's rekey, and every member inside holds the
 * KDC's G_k. The contrast (a member inside opens the rekey) is the same check run the other way.
 */
public class KeyTreeChurnSecrecyTest {
    private static final int RUNS = 400;

    @Test
    public void noMemberOutsideAnEpochOpensItsRekeyUnderRandomBatchedChurn() {
        for (int run = 0; run < RUNS; run++) {
            churn(run);
        }
    }

    private static void churn(int run) {
        SplittableRandom r = new SplittableRandom(run);
        int degree = 2 + r.nextInt(3);
        KeyTree tree = new KeyTree("g", degree, new SecureRandom(new byte[] {(byte) run}));
        Map<String, MemberKeyPath> inside = new HashMap<>();
        Map<String, Map<String, byte[]>> everHeld = new HashMap<>();
        Map<String, AeadKey> queued = new HashMap<>();
        Set<String> inTree = new HashSet<>();
        int names = 4 + r.nextInt(20);
        for (int batch = 0; batch < 25; batch++) {
            for (String m : new ArrayList<>(inTree)) {
                if (r.nextInt(4) == 0) {
                    tree.leave(m);
                    inTree.remove(m);
                    inside.remove(m);
                }
            }
            for (int i = 0; i < names; i++) {
                String m = "m" + i;
                if (!inTree.contains(m) && r.nextInt(3) == 0) {
                    AeadKey leaf = AeadKey.random(new SecureRandom());
                    queued.put(m, AeadKey.of(leaf.export()));
                    tree.join(m, leaf);
                    inTree.add(m);
                }
            }
            if (!tree.hasPendingChanges() || inTree.isEmpty()) {
                continue;
            }
            KeyTree.Batch b = tree.rekey();
            String where = "run " + run + " (d=" + degree + ") batch " + batch;
            for (KeyTree.Placement p : b.placements()) {
                inside.put(p.member(), new MemberKeyPath("g", p.leafNode(), queued.remove(p.member())));
            }
            for (Map.Entry<String, Map<String, byte[]>> e : everHeld.entrySet()) {
                if (!inTree.contains(e.getKey())) {
                    assertFalse(where + ": " + e.getKey() + ", outside the epoch, opens its rekey",
                            opensAny(e.getValue(), b.message()));
                }
            }
            for (Map.Entry<String, MemberKeyPath> e : inside.entrySet()) {
                MemberKeyPath.Rekeying out = e.getValue().apply(b.message());
                assertTrue(where + ": " + e.getKey() + " " + out, out instanceof MemberKeyPath.Rekeyed);
                assertTrue(where + ": " + e.getKey() + " holds G_k",
                        ((MemberKeyPath.Rekeyed) out).groupKey().key().sameKey(tree.groupKey().key()));
                everHeld.computeIfAbsent(e.getKey(), k -> new HashMap<>()).putAll(e.getValue().exportKeysByPosition());
            }
            assertEquals(where, inTree.size(), tree.members());
        }
    }

    /**
     * Tries each kept key on every entry sealed under the position it was held at; the AAD names that
     * position, so no other key could open the entry for anyone.
     */
    private static boolean opensAny(Map<String, byte[]> keys, TreeRekey r) {
        for (TreeRekey.Entry e : r.entries()) {
            byte[] k = keys.get(e.under() + "." + e.underVersion());
            byte[] aad = TreeRekey.aad(r.groupId(), r.epoch(), e.node(), e.version(), e.under(), e.underVersion());
            if (k != null && Aead.open(AeadKey.of(k), e.sealed(), aad) instanceof Aead.Opened) {
                return true;
            }
        }
        return false;
    }
}
