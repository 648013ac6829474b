package io.qmkdc.actor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.qmkdc.gkm.GroupKeyDistribution;
import io.qmkdc.gkm.GroupState;
import io.qmkdc.qkd.BitVector;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.Test;

/** Sensitivity picks the wrap of G_k; a TOP_SECRET group is refused, with the reason, when QKD key is short. */
public class GroupKeyWiringTest {

    private static KdcGroup entry(String sensitivity, int roundBits) {
        QmKdc.GroupSpec spec = new QmKdc.GroupSpec("g", 10, sensitivity, null, null, new byte[256], List.of());
        KdcGroup e = new KdcGroup(spec);
        KdcLink link = new KdcLink("g");
        link.keys.commit(0, BitVector.random(roundBits, new SplittableRandom(1)));
        e.links.put("g", link);
        return e;
    }

    private static KdcLink link(KdcGroup e) {
        return e.links.get("g");
    }

    private static GroupState state() {
        GroupState s = new GroupState("g", new GroupKeyDistribution(new SecureRandom()), 2);
        s.initialize(List.of("a", "b"));
        return s;
    }

    @Test
    public void topSecretIsRefusedWhenThePoolCannotPadTheKey() {
        // 600 bits, half KDC → terminal: 256 for P_k, 44 left; a one-time pad of the 256-bit G_k needs 256 + 122 (tag).
        KdcGroup e = entry("TOP_SECRET", 600);
        assertTrue(GroupKeyWiring.newPrivateKey(e, link(e), 0));
        assertNull(GroupKeyWiring.wrap(e, link(e), state(), null));
        assertTrue(e.refusal, e.refusal.contains("TOP_SECRET") && e.refusal.contains("key pool short"));
    }

    @Test
    public void topSecretUsesAOneTimePadAndNormalUsesAead() {
        KdcGroup secret = entry("TOP_SECRET", 8192);
        assertTrue(GroupKeyWiring.newPrivateKey(secret, link(secret), 0));
        Group.DeliverGroupKey d = GroupKeyWiring.wrap(secret, link(secret), state(), null);
        assertNotNull(secret.refusal, d);
        assertEquals("otp", d.wrap());
        assertEquals(List.of("a", "b"), d.members().stream().map(Group.MemberIndex::member).toList());
        KdcGroup normal = entry("NORMAL", 8192);
        assertTrue(GroupKeyWiring.newPrivateKey(normal, link(normal), 0));
        assertEquals("aead", GroupKeyWiring.wrap(normal, link(normal), state(), null).wrap());
    }

    @Test
    public void noPrivateKeyFromARoundWithTooLittleKey() {
        KdcGroup e = entry("NORMAL", 200);
        assertTrue(!GroupKeyWiring.newPrivateKey(e, link(e), 0));
        assertTrue(e.refusal, e.refusal.contains("too little key for P_k"));
    }
}
