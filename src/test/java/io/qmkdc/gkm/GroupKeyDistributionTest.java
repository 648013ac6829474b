package io.qmkdc.gkm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.qmkdc.crypto.AeadKey;
import io.qmkdc.crypto.CipherPolicy;
import io.qmkdc.crypto.KeyPool;
import io.qmkdc.crypto.OneTimePad;
import io.qmkdc.crypto.Sensitivity;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import org.junit.Test;

public class GroupKeyDistributionTest {
    private final GroupKeyDistribution gkd = new GroupKeyDistribution(new SecureRandom());

    /** P_k at the KDC and at the group, built from identical link pools as BB84 leaves them. */
    static GroupPrivateKey[] privateKeys(String group, int poolBytes, long seed) {
        byte[] material = new byte[poolBytes];
        new SplittableRandom(seed).nextBytes(material);
        GroupPrivateKey[] out = new GroupPrivateKey[2];
        for (int i = 0; i < 2; i++) {
            KeyPool pool = new KeyPool(group + (i == 0 ? "@kdc" : "@group"));
            pool.append(material);
            AeadKey pk = AeadKey.from((KeyPool.Drawn) pool.drawBits(256));
            out[i] = new GroupPrivateKey(group, pk, pool);
        }
        return out;
    }

    private static GroupKey roundTrip(GroupKey gk, GroupPrivateKey[] pk, GroupKeyDistribution.Wrap how) {
        var w = (GroupKeyDistribution.Wrapped) GroupKeyDistribution.wrap(gk, pk[0], how);
        return ((GroupKeyDistribution.Unwrapped) GroupKeyDistribution.unwrap(w.wrapped(), pk[1])).groupKey();
    }

    @Test
    public void wrapUnwrapRoundTripUnderAead() {
        GroupPrivateKey[] pk = privateKeys("g1", 64, 1);
        GroupKey gk = gkd.newGroupKey("g1", 4);
        GroupKey got = roundTrip(gk, pk, GroupKeyDistribution.Wrap.AEAD);
        assertTrue(got.key().sameKey(gk.key()));
        assertEquals(4, got.epoch());
        GroupKey next = gkd.newGroupKey("g1", 5);
        assertTrue("second wrap under the same P_k uses a fresh nonce",
                roundTrip(next, pk, GroupKeyDistribution.Wrap.AEAD).key().sameKey(next.key()));
        assertFalse(next.key().sameKey(gk.key()));
    }

    @Test
    public void wrapUnwrapRoundTripUnderOneTimePadConsumesThePool() {
        GroupPrivateKey[] pk = privateKeys("g1", 200, 2);
        GroupKey gk = gkd.newGroupKey("g1", 0);
        GroupKey got = roundTrip(gk, pk, GroupKeyDistribution.Wrap.forLevel(CipherPolicy.standard(), Sensitivity.TOP_SECRET));
        assertTrue(got.key().sameKey(gk.key()));
        assertEquals(256 + OneTimePad.bitsNeeded(32), pk[1].padPool().position());
    }

    @Test
    public void padWrapWithShortPoolIsNotWrapped() {
        GroupPrivateKey[] pk = privateKeys("g1", 40, 3); // 256 bits left after P_k, 378 needed
        var r = GroupKeyDistribution.wrap(gkd.newGroupKey("g1", 0), pk[0], GroupKeyDistribution.Wrap.ONE_TIME_PAD);
        assertTrue(r instanceof GroupKeyDistribution.NotWrapped n && n.reason().contains("short"));
    }

    @Test
    public void tamperedOrMisdirectedWrapIsRejected() {
        GroupPrivateKey[] pk = privateKeys("g1", 64, 4);
        GroupKey gk = gkd.newGroupKey("g1", 2);
        var w = (WrappedGroupKey.AeadWrapped) ((GroupKeyDistribution.Wrapped)
                GroupKeyDistribution.wrap(gk, pk[0], GroupKeyDistribution.Wrap.AEAD)).wrapped();
        byte[] ct = w.sealed().ciphertext().clone();
        ct[3] ^= 0x10;
        var tampered = new WrappedGroupKey.AeadWrapped("g1", 2,
                new io.qmkdc.crypto.Aead.Sealed(w.sealed().nonce(), ct));
        assertTrue(GroupKeyDistribution.unwrap(tampered, pk[1]) instanceof GroupKeyDistribution.Rejected);
        var otherEpoch = new WrappedGroupKey.AeadWrapped("g1", 3, w.sealed());
        assertTrue("epoch is authenticated", GroupKeyDistribution.unwrap(otherEpoch, pk[1]) instanceof GroupKeyDistribution.Rejected);
        GroupPrivateKey[] stranger = privateKeys("g1", 64, 99);
        assertTrue("wrong P_k", GroupKeyDistribution.unwrap(w, stranger[1]) instanceof GroupKeyDistribution.Rejected);
        assertTrue(GroupKeyDistribution.unwrap(w, pk[1]) instanceof GroupKeyDistribution.Unwrapped);
    }
}
