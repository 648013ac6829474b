package io.qmkdc.gkm;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.qmkdc.crypto.Aead;
import io.qmkdc.crypto.AeadKey;
import io.qmkdc.crypto.Hex;
import io.qmkdc.crypto.KeyPool;
import io.qmkdc.crypto.OneTimeMac;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.Test;

/** toString of every key-holding type shows no hex or base64 of the key it holds. */
public class SecretsToStringTest {
    private static void assertNoLeak(Object holder, byte[] key) {
        String s = String.valueOf(holder);
        assertFalse(holder.getClass().getSimpleName() + " leaks its key: " + s, Hex.leaks(s, key));
    }

    @Test
    public void keyHoldersNeverPrintKeyBytes() {
        GroupKeyDistribution gkd = new GroupKeyDistribution(new SecureRandom());
        GroupState state = new GroupState("g", gkd, 2);
        GroupState.EpochChange change = state.initialize(List.of("m1"));
        GroupKey gk = change.key();
        byte[] gkBytes = gk.key().export();
        assertTrue("the helper does catch a raw hex dump", Hex.leaks("key=" + Hex.hex(gkBytes), gkBytes));

        assertNoLeak(gk, gkBytes);
        assertNoLeak(gk.key(), gkBytes);
        assertNoLeak(change, gkBytes);
        assertNoLeak(state, gkBytes);
        assertNoLeak(new GroupSender(gk, 1), gkBytes);
        assertNoLeak(Aead.sealer(gk.key(), 2), gkBytes);

        byte[] material = new byte[64];
        new SplittableRandom(1).nextBytes(material);
        KeyPool pool = new KeyPool("link");
        pool.append(material);
        assertNoLeak(pool, material);
        KeyPool.Drawn drawn = (KeyPool.Drawn) pool.drawBits(256);
        byte[] pkBytes = drawn.bytes().clone();
        assertNoLeak(drawn, pkBytes);
        GroupPrivateKey pk = new GroupPrivateKey("g", AeadKey.from(drawn), pool);
        assertNoLeak(pk, pkBytes);

        var wrapped = (GroupKeyDistribution.Wrapped) GroupKeyDistribution.wrap(gk, pk, GroupKeyDistribution.Wrap.AEAD);
        assertNoLeak(wrapped, gkBytes);
        byte[] peerMaterial = material.clone();
        KeyPool peerPool = new KeyPool("link@peer");
        peerPool.append(peerMaterial);
        GroupPrivateKey peer = new GroupPrivateKey("g", AeadKey.from((KeyPool.Drawn) peerPool.drawBits(256)), peerPool);
        var unwrapped = GroupKeyDistribution.unwrap(wrapped.wrapped(), peer);
        assertTrue(unwrapped instanceof GroupKeyDistribution.Unwrapped);
        assertNoLeak(unwrapped, gkBytes);
        assertNoLeak(Aead.open(gk.key(), ((WrappedGroupKey.AeadWrapped) wrapped.wrapped()).sealed(),
                GroupKeyDistribution.aad("g", 0)), gkBytes);

        KeyPool macPool = new KeyPool("mac");
        macPool.append(material);
        OneTimeMac mac = new OneTimeMac(macPool);
        mac.sign(new byte[] {1});
        assertNoLeak(mac, material);

        gk.destroy();
        pk.destroy();
        assertTrue(gk.toString().contains("destroyed"));
        assertTrue(pk.toString().contains("destroyed"));
    }
}
