package io.qmkdc.qkd;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Alice's kept key cut into Cascade blocks (the last takes a remainder under 1.5 blocks, as in
 * {@link BlockReconciliation}), with each block's public shuffle seed and verification hash key
 * drawn together, block after block. She answers Bob's parity questions one block at a time
 * ({@link CascadeResponder}, built when the block's first question arrives), tags the blocks
 * after Cascade and keeps those whose tags Bob matched. Every answered parity is leaked to Eve.
 */
final class Bb84Blocks {
    private final BitVector[] keys;
    private final long[] seeds;
    private final KeyVerification.HashKey[] hashKeys;
    private final double scheduleQber;
    private CascadeResponder responder;
    private int answering = -1;
    private long leakedEc;
    private long roundTrips;
    private boolean tagged;
    private int discarded;

    Bb84Blocks(BitVector key, int blockBits, RandomGenerator random, double qber) {
        int[] bounds = bounds(key.length(), blockBits);
        int count = bounds.length - 1;
        keys = new BitVector[count];
        seeds = new long[count];
        hashKeys = new KeyVerification.HashKey[count];
        for (int b = 0; b < count; b++) {
            keys[b] = key.slice(bounds[b], bounds[b + 1]);
            seeds[b] = random.nextLong();
            hashKeys[b] = KeyVerification.HashKey.random(random);
        }
        scheduleQber = scheduleQber(qber);
    }

    /** The QBER Cascade's schedule is built for: the estimate, kept inside [0.001, 0.25]. */
    static double scheduleQber(double qber) {
        return Math.min(0.25, Math.max(qber, 1e-3));
    }

    /** Block boundaries of n bits: blocks of {@code blockBits}, the last one up to 1.5 blocks long. */
    static int[] bounds(int n, int blockBits) {
        List<Integer> bounds = new ArrayList<>();
        int from = 0;
        bounds.add(0);
        while (from < n) {
            int to = (n - from < blockBits + blockBits / 2) ? n : from + blockBits;
            bounds.add(to);
            from = to;
        }
        return bounds.stream().mapToInt(Integer::intValue).toArray();
    }

    long[] seeds() {
        return seeds.clone();
    }

    int count() {
        return keys.length;
    }

    BitVector[] keys() {
        return keys;
    }

    /** Alice's parities for one batch of Bob's questions. */
    Bb84Step.ParityAnswers answer(int round, Bb84Step.ParityQuestions q) {
        if (tagged || q.block() < answering || q.block() >= keys.length) {
            throw new IllegalArgumentException("question about block " + q.block() + " while at block " + answering
                    + " of " + keys.length);
        }
        if (q.block() != answering) {
            wipeResponder();
            answering = q.block();
            CascadeSchedule schedule = CascadeSchedule.optimized(scheduleQber, keys[answering].length());
            responder = new CascadeResponder(keys[answering],
                    CascadeShuffle.create(keys[answering].length(), schedule.passes(), seeds[answering]));
        }
        BitVector parities = responder.parities(new ParityRequest(q.pass(), q.start(), q.end()));
        leakedEc += q.pass().length;
        roundTrips++;
        return new Bb84Step.ParityAnswers(round, q.block(), Bb84Step.words(parities), parities.length());
    }

    /** Verification: per block the drawn hash key and Alice's tag. */
    Bb84Step.VerifyTags tags(int round) {
        if (tagged) {
            throw new IllegalStateException("tags already sent");
        }
        wipeResponder();
        tagged = true;
        int count = keys.length;
        long[] k1 = new long[count];
        long[] k2 = new long[count];
        long[] h1 = new long[count];
        long[] h2 = new long[count];
        for (int b = 0; b < count; b++) {
            KeyVerification.Tag tag = KeyVerification.tag(keys[b], hashKeys[b]);
            k1[b] = hashKeys[b].k1();
            k2[b] = hashKeys[b].k2();
            h1[b] = tag.h1();
            h2[b] = tag.h2();
        }
        return new Bb84Step.VerifyTags(round, k1, k2, h1, h2);
    }

    boolean tagged() {
        return tagged;
    }

    /** The blocks Bob kept, concatenated; the others are discarded. */
    BitVector keep(boolean[] kept) {
        if (kept.length != keys.length) {
            throw new IllegalArgumentException("verification outcome for " + kept.length + " of " + keys.length + " blocks");
        }
        List<BitVector> parts = new ArrayList<>();
        discarded = 0;
        for (int b = 0; b < keys.length; b++) {
            if (kept[b]) {
                parts.add(keys[b]);
            } else {
                discarded++;
            }
        }
        return concat(parts);
    }

    /** Concatenates bit strings in order. */
    static BitVector concat(List<BitVector> parts) {
        int total = 0;
        for (BitVector p : parts) {
            total += p.length();
        }
        BitVector out = new BitVector(total);
        int at = 0;
        for (BitVector p : parts) {
            BlockReconciliation.copyInto(out, at, p);
            at += p.length();
        }
        return out;
    }

    int discarded() {
        return discarded;
    }

    long leakedEc() {
        return leakedEc;
    }

    /** One tag per block, matched or not: its bits are public. */
    long leakedVerification() {
        return (long) KeyVerification.TAG_BITS * keys.length;
    }

    long roundTrips() {
        return roundTrips;
    }

    private void wipeResponder() {
        if (responder != null) {
            responder.wipe();
            responder = null;
        }
    }

    void wipe() {
        wipeResponder();
        for (BitVector k : keys) {
            k.wipe();
        }
    }
}
