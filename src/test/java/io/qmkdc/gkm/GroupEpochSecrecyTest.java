package io.qmkdc.gkm;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.qmkdc.crypto.Aead;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/** Backward and forward secrecy of key epochs, checked with real encryption (per-member keying). */
public class GroupEpochSecrecyTest {
    private final GroupKeyDistribution gkd = new GroupKeyDistribution(new SecureRandom());
    private final Map<String, GroupPrivateKey[]> pk = new HashMap<>();
    /** Keys each member actually received, by epoch. */
    private final Map<String, Map<Long, GroupKey>> received = new HashMap<>();

    private GroupPrivateKey[] pkOf(String member) {
        return pk.computeIfAbsent(member, m -> GroupKeyDistributionTest.privateKeys("g", 64, m.hashCode()));
    }

    /** The KDC wraps the new G_k for each member of the epoch; each member unwraps it. */
    private void distribute(GroupState.EpochChange c) {
        for (String m : c.members()) {
            var w = (GroupKeyDistribution.Wrapped) GroupKeyDistribution.wrap(c.key(), pkOf(m)[0], GroupKeyDistribution.Wrap.AEAD);
            GroupKey gk = ((GroupKeyDistribution.Unwrapped) GroupKeyDistribution.unwrap(w.wrapped(), pkOf(m)[1])).groupKey();
            received.computeIfAbsent(m, x -> new HashMap<>()).put(c.epoch(), gk);
        }
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static GroupMessage send(GroupKey key, int sender, String text) {
        return ((GroupSender.Sent) new GroupSender(key, sender).seal(text(text))).message();
    }

    /** Opening with a key relabelled to the message's epoch: only the cryptography can refuse. */
    private static Aead.Opening forceOpen(GroupMessage m, GroupKey k) {
        return m.open(new GroupKey(m.groupId(), m.epoch(), k.key()));
    }

    @Test
    public void newcomerCannotReadEarlierTrafficAndLeaverCannotReadLaterTraffic() {
        GroupState g = new GroupState("g", gkd, 4);
        distribute(g.initialize(List.of("alice", "bob")));
        GroupMessage before = send(g.currentKey(), g.senderIndex("alice").getAsInt(), "before carol");

        GroupState.EpochChange joined = (GroupState.EpochChange) g.join("carol");
        assertEquals(1, joined.epoch());
        assertEquals(Set.of("alice", "bob", "carol"), joined.members());
        distribute(joined);
        GroupKey carol1 = received.get("carol").get(1L);
        assertFalse(received.get("carol").containsKey(0L));
        assertTrue("backward secrecy", forceOpen(before, carol1) instanceof Aead.Rejected);
        assertArrayEquals(text("before carol"), ((Aead.Opened) before.open(received.get("bob").get(0L))).plaintext());

        GroupState.EpochChange left = (GroupState.EpochChange) g.leave("bob");
        assertFalse(left.members().contains("bob"));
        distribute(left);
        GroupMessage after = send(g.currentKey(), g.senderIndex("carol").getAsInt(), "after bob");
        GroupKey bobLast = received.get("bob").get(1L);
        assertFalse(received.get("bob").containsKey(2L));
        assertTrue("forward secrecy", forceOpen(after, bobLast) instanceof Aead.Rejected);
        assertTrue(after.open(bobLast) instanceof Aead.Rejected);
        assertArrayEquals(text("after bob"), ((Aead.Opened) after.open(received.get("alice").get(2L))).plaintext());
        assertArrayEquals(text("after bob"), ((Aead.Opened) after.open(received.get("carol").get(2L))).plaintext());
    }

    @Test
    public void senderIndicesAreNeverReusedAndOldKeysAreDestroyed() {
        GroupState g = new GroupState("g", gkd, 2);
        g.initialize(List.of("a", "b"));
        int b = g.senderIndex("b").getAsInt();
        GroupKey epoch0 = g.currentKey();
        g.leave("b");
        g.join("c");
        assertTrue(g.senderIndex("c").getAsInt() > b);
        assertTrue(g.senderIndex("b").isEmpty());
        assertTrue("only the last two epochs are kept", epoch0.isDestroyed());
        assertTrue(g.keyFor(0).isEmpty());
        assertTrue(g.keyFor(2).isPresent());
        assertTrue(g.join("a") instanceof GroupState.Unchanged);
        assertTrue(g.leave("zed") instanceof GroupState.Unchanged);
        assertEquals(2, g.currentEpoch());
    }
}
