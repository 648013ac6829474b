package io.qmkdc.qkd;

import java.util.random.RandomGenerator;

/**
 * Error correction and verification of a whole kept key, block by block (DESIGN §4 steps 3–4):
 * Cascade on each block through a {@link ParityOracle} (Alice's {@link CascadeResponder}
 * in-process here; a network transport in the actor system), then {@link KeyVerification}.
 * A block whose tags differ is discarded, never passed on.
 */
public final class BlockReconciliation {
    /** What the reconciliation of all blocks produced and cost. */
    public record Outcome(BitVector aliceKey, BitVector bobKey, int blocks, int discardedBlocks,
            long inputBits, long leakedEcBits, long leakedVerificationBits, long roundTrips,
            long maxRoundTripsPerBlock, long correctedBits, long residualErrorBits, double efficiency) {
        @Override
        public String toString() {
            return "BlockReconciliation.Outcome[blocks=" + blocks + ", discarded=" + discardedBlocks
                    + ", leakedEc=" + leakedEcBits + "]";
        }
    }

    private final int blockBits;

    /** @param blockBits Cascade block length, in [1000, 2^27] */
    public BlockReconciliation(int blockBits) {
        if (blockBits < 1000 || blockBits > CascadeShuffle.MAX_LENGTH) {
            throw new IllegalArgumentException("blockBits must be in [1000, " + CascadeShuffle.MAX_LENGTH + "], was " + blockBits);
        }
        this.blockBits = blockBits;
    }

    /**
     * Reconciles {@code bob} against {@code alice} (same length) for a link whose estimated QBER is
     * {@code qberEstimate}; the last block takes the remainder when it is at least half a block.
     */
    public Outcome reconcile(BitVector alice, BitVector bob, double qberEstimate, RandomGenerator random) {
        int n = alice.length();
        if (bob.length() != n) {
            throw new IllegalArgumentException("alice has " + n + " bits, bob " + bob.length());
        }
        double scheduleQber = Math.min(0.25, Math.max(qberEstimate, 1e-3));
        BitVector keptAlice = new BitVector(n);
        BitVector keptBob = new BitVector(n);
        int kept = 0;
        int blocks = 0;
        int discarded = 0;
        long leakedEc = 0;
        long leakedVer = 0;
        long roundTrips = 0;
        long maxRoundTrips = 0;
        long corrected = 0;
        long residual = 0;
        double shannon = 0;
        int from = 0;
        while (from < n) {
            int to = (n - from < blockBits + blockBits / 2) ? n : from + blockBits;
            BitVector a = alice.slice(from, to);
            BitVector b = bob.slice(from, to);
            int errors = a.hammingDistance(b);
            CascadeSchedule schedule = CascadeSchedule.optimized(scheduleQber, a.length());
            ReconciliationResult r = Cascade.reconcileInProcess(a, b, schedule, random.nextLong());
            KeyVerification.Result v = KeyVerification.verify(a, r.correctedKey(), random);
            blocks++;
            leakedEc += r.leakedBits();
            roundTrips += r.roundTrips();
            maxRoundTrips = Math.max(maxRoundTrips, r.roundTrips());
            corrected += r.correctedBits();
            shannon += a.length() * ReconciliationResult.binaryEntropy(errors / (double) a.length());
            if (v instanceof KeyVerification.Verified ok) {
                leakedVer += ok.leakedTagBits();
                copyInto(keptAlice, kept, a);
                copyInto(keptBob, kept, r.correctedKey());
                kept += a.length();
            } else {
                leakedVer += ((KeyVerification.Mismatch) v).leakedTagBits();
                residual += a.hammingDistance(r.correctedKey());
                discarded++;
            }
            a.wipe();
            b.wipe();
            r.correctedKey().wipe();
            from = to;
        }
        BitVector outAlice = keptAlice.slice(0, kept);
        BitVector outBob = keptBob.slice(0, kept);
        keptAlice.wipe();
        keptBob.wipe();
        double efficiency = shannon > 0 ? leakedEc / shannon : Double.NaN;
        return new Outcome(outAlice, outBob, blocks, discarded, n, leakedEc, leakedVer, roundTrips, maxRoundTrips,
                corrected, residual, efficiency);
    }

    /** Copies {@code src} into {@code dst} starting at bit {@code at}, a word at a time where aligned. */
    static void copyInto(BitVector dst, int at, BitVector src) {
        long[] d = dst.words();
        long[] s = src.words();
        int shift = at & 63;
        int w = at >>> 6;
        for (int i = 0; i < s.length; i++) {
            long v = s[i];
            d[w + i] |= v << shift;
            if (shift != 0 && w + i + 1 < d.length) {
                d[w + i + 1] |= v >>> (64 - shift);
            }
        }
    }
}
