package io.qmkdc.gkm;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.qmkdc.crypto.Aead;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.Test;

public class CrossGroupRelayTest {
    private final GroupKeyDistribution gkd = new GroupKeyDistribution(new SecureRandom());

    @Test
    public void relayReencryptsForTheTargetGroupAndRejectsTamperingAndDuplicates() {
        GroupState src = new GroupState("red", gkd, 2);
        GroupState dst = new GroupState("blue", gkd, 2);
        src.initialize(List.of("r1", "r2"));
        dst.initialize(List.of("b1"));
        GroupSender r1 = new GroupSender(src.currentKey(), src.senderIndex("r1").getAsInt());
        GroupSender kdcInBlue = new GroupSender(dst.currentKey(), GroupPrivateKey.KDC_SENDER);
        CrossGroupRelay relay = new CrossGroupRelay();
        byte[] pt = "red to blue".getBytes(StandardCharsets.UTF_8);
        GroupMessage in = ((GroupSender.Sent) r1.seal(pt)).message();

        var out = (CrossGroupRelay.Relayed) relay.relay(in, src.keyFor(in.epoch()).get(), kdcInBlue);
        GroupMessage m = out.message();
        assertEquals("blue", m.groupId());
        assertEquals(GroupPrivateKey.KDC_SENDER, m.senderIndex());
        assertEquals("red#" + in.senderIndex(), m.origin());
        assertArrayEquals(pt, ((Aead.Opened) m.open(dst.currentKey())).plaintext());
        assertTrue("the source key cannot read the relayed copy",
                m.open(new GroupKey("blue", m.epoch(), src.currentKey().key())) instanceof Aead.Rejected);
        GroupMessage spoofedOrigin = new GroupMessage(m.groupId(), m.epoch(), m.senderIndex(), m.sequence(),
                "red#99", m.ciphertext());
        assertTrue("origin is authenticated", spoofedOrigin.open(dst.currentKey()) instanceof Aead.Rejected);

        byte[] ct = in.ciphertext().clone();
        ct[0] ^= 1;
        GroupMessage tampered = new GroupMessage(in.groupId(), in.epoch(), in.senderIndex(), in.sequence(), "", ct);
        assertTrue(relay.relay(tampered, src.currentKey(), kdcInBlue) instanceof CrossGroupRelay.Rejected);
        GroupMessage resequenced = new GroupMessage(in.groupId(), in.epoch(), in.senderIndex(), in.sequence() + 1,
                "", in.ciphertext());
        assertTrue(relay.relay(resequenced, src.currentKey(), kdcInBlue) instanceof CrossGroupRelay.Rejected);
        assertTrue("duplicate", relay.relay(in, src.currentKey(), kdcInBlue) instanceof CrossGroupRelay.Rejected);
        assertTrue("wrong source key", relay.relay(in, dst.currentKey(), kdcInBlue) instanceof CrossGroupRelay.Rejected);
        assertEquals(1, relay.relayedCount());
        assertEquals(4, relay.rejectedCount());

        GroupMessage second = ((GroupSender.Sent) r1.seal(pt)).message();
        var out2 = (CrossGroupRelay.Relayed) relay.relay(second, src.currentKey(), kdcInBlue);
        assertTrue("fresh nonce per relayed message", out2.message().sequence() > m.sequence());
    }
}
