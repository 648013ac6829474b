package io.qmkdc.gkm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.qmkdc.crypto.Aead;
import io.qmkdc.crypto.AeadKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * The logical key hierarchy against Wong–Gouda–Lam's costs (join 2L, leave d·L − 1 in a full tree of
 * depth L = ⌈log_d n⌉), every member agreeing on G_k, and forward and backward secrecy tried by members
 * that keep every key they ever held.
 */
public class KeyTreeTest {
    private final SecureRandom random = new SecureRandom(new byte[] {7});

    /** A KDC tree with its members' views, built by single joins. */
    private final class Group {
        final KeyTree tree;
        final Map<String, MemberKeyPath> paths = new HashMap<>();
        final Map<String, AeadKey> leafKeys = new HashMap<>();

        Group(int degree) {
            tree = new KeyTree("g", degree, random);
        }

        TreeRekey join(String m) {
            AeadKey leaf = AeadKey.random(random);
            AeadKey memberCopy = AeadKey.of(leaf.export());
            tree.join(m, leaf);
            KeyTree.Batch b = tree.rekey();
            for (KeyTree.Placement p : b.placements()) {
                paths.put(p.member(), new MemberKeyPath("g", p.leafNode(), memberCopy));
            }
            deliver(b.message());
            return b.message();
        }

        TreeRekey leave(String m) {
            tree.leave(m);
            paths.remove(m);
            TreeRekey r = tree.rekey().message();
            deliver(r);
            return r;
        }

        void deliver(TreeRekey r) {
            for (Map.Entry<String, MemberKeyPath> e : paths.entrySet()) {
                MemberKeyPath.Rekeying out = e.getValue().apply(r);
                assertTrue(e.getKey() + ": " + out, out instanceof MemberKeyPath.Rekeyed);
                assertTrue(e.getKey() + " holds the KDC's G_k",
                        ((MemberKeyPath.Rekeyed) out).groupKey().key().sameKey(tree.groupKey().key()));
            }
        }
    }

    /**
     * n members joined in one batch (as a group is set up). Views are kept for the first 32 members and
     * every 61st (each view holds L + 1 keys with their cached GCM tables; 4,096 of them do not fit the
     * test heap and add nothing the sample does not check).
     */
    private Group filled(int degree, int n) {
        Group g = new Group(degree);
        Map<String, AeadKey> copies = new HashMap<>();
        for (int i = 0; i < n; i++) {
            AeadKey leaf = AeadKey.random(random);
            copies.put("m" + i, AeadKey.of(leaf.export()));
            g.tree.join("m" + i, leaf);
        }
        KeyTree.Batch b = g.tree.rekey();
        for (KeyTree.Placement p : b.placements()) {
            int i = Integer.parseInt(p.member().substring(1));
            if (i < 32 || i % 61 == 0) {
                g.paths.put(p.member(), new MemberKeyPath("g", p.leafNode(), copies.get(p.member())));
            }
        }
        g.deliver(b.message());
        return g;
    }

    @Test
    public void joinCostsTwoLAndLeaveDLMinusOneInAFullTree() {
        // n = 4096: d = 4 gives L = 6 (join 12, leave 23); d = 2 gives L = 12 (join 24, leave 23).
        for (int degree : new int[] {4, 2}) {
            Group g = filled(degree, 4096);
            int depth = g.tree.depth();
            assertEquals((int) Math.round(Math.log(4096) / Math.log(degree)), depth);
            TreeRekey leave = g.leave("m17");
            assertEquals("leave, d=" + degree, degree * depth - 1, leave.encryptions());
            TreeRekey join = g.join("x");
            assertEquals("join into the freed slot, d=" + degree, 2 * depth, join.encryptions());
        }
    }

    @Test
    public void aBatchOfLeavesCostsFarLessThanSingleLeaves() {
        Group g = filled(4, 1024);
        for (int i = 0; i < 32; i++) {
            g.tree.leave("m" + (i * 31));
            g.paths.remove("m" + (i * 31));
        }
        TreeRekey batch = g.tree.rekey().message();
        g.deliver(batch);
        assertEquals(32, batch.leaves());
        int single = 32 * (4 * g.tree.depth() - 1);
        // Scattered leaves share only the upper levels of their paths; each shared node is rekeyed once.
        assertTrue(batch.encryptions() + " encryptions for 32 leaves vs " + single + " one by one",
                batch.encryptions() < single);
    }

    @Test
    public void theTreeGrowsALevelWhenFullAndEveryoneFollows() {
        Group g = filled(4, 16);
        assertEquals(2, g.tree.depth());
        g.join("m16");
        assertEquals(3, g.tree.depth());
        g.leave("m3");
        g.join("late");
        assertEquals(17, g.tree.members());
    }

    @Test
    public void aMemberThatLeftAndKeptEveryKeyOpensNothingLater() {
        Group g = filled(4, 64);
        List<byte[]> kept = new ArrayList<>(g.paths.get("m5").exportKeys());
        List<TreeRekey> later = new ArrayList<>();
        later.add(g.leave("m5"));
        for (int i = 0; i < 5; i++) {
            later.add(g.join("n" + i));
            later.add(g.leave("m" + (10 + i)));
        }
        assertFalse("the departed member opens an entry of a later rekey", opensAny(kept, later));
        // A contrast that must find the leak: a member that stayed opens entries of the same messages.
        assertTrue(opensAny(new ArrayList<>(g.paths.get("m6").exportKeys()), later.subList(later.size() - 1, later.size())));
        for (byte[] k : kept) {
            assertFalse("a kept key is a later G_k", AeadKey.of(k).sameKey(g.tree.groupKey().key()));
        }
    }

    @Test
    public void aMemberThatJoinedOpensNothingEarlier() {
        Group g = filled(4, 64);
        List<byte[]> oldMember = new ArrayList<>(g.paths.get("m1").exportKeys());
        List<TreeRekey> earlier = new ArrayList<>();
        List<GroupKey> earlierKeys = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            earlier.add(g.leave("m" + (20 + i)));
            earlierKeys.add(new GroupKey("g", g.tree.epoch(), AeadKey.of(g.tree.groupKey().key().export())));
        }
        g.join("newcomer");
        List<byte[]> held = g.paths.get("newcomer").exportKeys();
        assertFalse("the newcomer opens an entry of an earlier rekey", opensAny(held, earlier));
        assertTrue("contrast: a member's keys of that time open the earlier rekeys", opensAny(oldMember, earlier));
        for (GroupKey old : earlierKeys) {
            for (byte[] k : held) {
                assertFalse("a newcomer's key is an earlier G_k", AeadKey.of(k).sameKey(old.key()));
            }
        }
    }

    /** Tries every kept key on every entry, whatever node or version it claims to be under. */
    private static boolean opensAny(List<byte[]> keys, List<TreeRekey> rekeys) {
        for (TreeRekey r : rekeys) {
            for (TreeRekey.Entry e : r.entries()) {
                byte[] aad = TreeRekey.aad(r.groupId(), r.epoch(), e.node(), e.version(), e.under(), e.underVersion());
                for (byte[] k : keys) {
                    if (Aead.open(AeadKey.of(k), e.sealed(), aad) instanceof Aead.Opened) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
