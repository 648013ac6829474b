package io.qmkdc.qkd;

import static org.junit.Assert.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.Test;

/** Paired hashing gives each end exactly its own {@link PrivacyAmplification#apply}, also when the keys differ. */
public class PairedAmplificationTest {

    private static BitVector direct(BitVector key, int from, int to, int bits, BitVector seed) {
        return Bb84Amplification.DIRECT.hash(key, from, to, bits, seed);
    }

    @Test
    public void eachEndGetsItsOwnHashWhetherTheKeysAgreeOrNot() {
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 300_000;
        int from = 1000;
        int to = n - 77;
        int bits = 90_000;
        for (int flips : new int[] {0, 1, 500}) {
            BitVector alice = BitVector.random(n, rnd);
            BitVector bob = alice.copy();
            for (int i = 0; i < flips; i++) {
                bob.flip(rnd.nextInt(n));
            }
            BitVector seed = PrivacyAmplification.drawSeed(to - from, bits, rnd);
            PairedAmplification paired = new PairedAmplification(() -> bob);
            BitVector a = paired.alice(alice, from, to, bits, seed);
            BitVector b = paired.bob(bob, from, to, bits, seed);
            assertArrayEquals(direct(alice, from, to, bits, seed).words(), a.words());
            assertArrayEquals(direct(bob, from, to, bits, seed).words(), b.words());
        }
    }

    @Test
    public void bobHashesHimselfWhenHisBlockOrSeedIsNotTheOneAliceSaw() {
        SplittableRandom rnd = new SplittableRandom(6);
        int n = 200_000;
        BitVector key = BitVector.random(n, rnd);
        BitVector other = BitVector.random(n, rnd);
        BitVector seed = PrivacyAmplification.drawSeed(n, 50_000, rnd);
        PairedAmplification paired = new PairedAmplification(() -> key);
        paired.alice(key, 0, n, 50_000, seed);
        assertArrayEquals(direct(other, 0, n, 50_000, seed).words(), paired.bob(other, 0, n, 50_000, seed).words());
        BitVector seed2 = PrivacyAmplification.drawSeed(n, 50_000, rnd);
        paired.alice(key, 0, n, 50_000, seed);
        assertArrayEquals(direct(key, 0, n, 50_000, seed2).words(), paired.bob(key, 0, n, 50_000, seed2).words());
        paired.wipe();
    }
}
