package io.qmkdc.qkd;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import io.qmkdc.optics.DetectionBatch;
import java.util.SplittableRandom;
import org.junit.Test;

/**
 * The word-wise, branch-free selections (issue 13 real time) against their bit-by-bit definitions:
 * the QBER sample and the kept bits of {@link ParameterEstimation}, and the sifted keys of
 * {@link SiftedKeyAccumulator}, on random inputs of every length around word boundaries.
 */
public class WordwiseSelectionTest {

    @Test
    public void sampleAndKeptBitsAreTheMaskedAndUnmaskedBitsInOrder() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (double density : new double[] {0, 0.02, 0.5, 0.98, 1}) {
            for (int n = 0; n < 400; n++) {
                BitVector bits = BitVector.random(n, rnd);
                BitVector mask = new BitVector(n);
                for (int i = 0; i < n; i++) {
                    mask.set(i, rnd.nextDouble() < density);
                }
                BitVector sample = new BitVector(mask.cardinality());
                BitVector kept = new BitVector(n - mask.cardinality());
                int s = 0;
                int k = 0;
                for (int i = 0; i < n; i++) {
                    if (mask.get(i)) {
                        sample.set(s++, bits.get(i));
                    } else {
                        kept.set(k++, bits.get(i));
                    }
                }
                String at = "n " + n + " density " + density;
                assertArrayEquals(at, sample.words(), ParameterEstimation.sampled(bits, mask).words());
                assertArrayEquals(at, kept.words(), ParameterEstimation.keep(bits, mask, k).words());
            }
        }
    }

    @Test
    public void siftedKeysAreTheMatchingBasisBitsPerClassInOrder() {
        SplittableRandom rnd = new SplittableRandom(4);
        SiftedKeyAccumulator acc = new SiftedKeyAccumulator();
        BitVector[] alice = new BitVector[3];
        BitVector[] bob = new BitVector[3];
        int[] count = new int[3];
        long[] detections = new long[3];
        for (int c = 0; c < 3; c++) {
            alice[c] = new BitVector(40_000);
            bob[c] = new BitVector(40_000);
        }
        long first = 0;
        for (int size : new int[] {0, 1, 63, 64, 65, 1000, 7777, 30_000}) {
            byte[][] col = new byte[5][size];
            for (int i = 0; i < size; i++) {
                col[0][i] = (byte) rnd.nextInt(3);
                for (int j = 1; j < 5; j++) {
                    col[j][i] = (byte) rnd.nextInt(2);
                }
                int c = col[0][i];
                detections[c]++;
                if (col[1][i] == col[3][i]) {
                    alice[c].set(count[c], col[2][i] != 0);
                    bob[c].set(count[c]++, col[4][i] != 0);
                }
            }
            acc.append(new DetectionBatch(first, size + 5L, new long[] {size, 3, 2}, size, new long[size], col[0],
                    col[1], col[2], col[3], col[4], new boolean[size], new byte[size]));
            first += size + 5L;
        }
        SiftedKey key = acc.snapshot();
        for (int c = 0; c < 3; c++) {
            assertEquals(count[c], key.sifted(c));
            assertArrayEquals(alice[c].slice(0, count[c]).words(), key.aliceKey(c).words());
            assertArrayEquals(bob[c].slice(0, count[c]).words(), key.bobKey(c).words());
        }
        assertArrayEquals(detections, key.detections());
    }
}
