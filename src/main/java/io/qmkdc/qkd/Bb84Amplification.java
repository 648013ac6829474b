package io.qmkdc.qkd;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Privacy amplification of a round's reconciled key in parts (DESIGN §4 step 5): the key is cut
 * into {@code ⌈n / blockBits⌉} near-equal blocks and block i is hashed by
 * {@link PrivacyAmplification#apply} to ⌊ℓ·to_i/n⌋ − ⌊ℓ·from_i/n⌋ bits with its own public seed,
 * so memory stays bounded while the output still follows the whole key's length bound ℓ. Alice
 * draws the seeds ({@link #draw}); Bob hashes with hers ({@link #apply}); the keys were verified,
 * so both get the same final key.
 */
final class Bb84Amplification {
    private Bb84Amplification() {
    }

    /** Alice's final key and the seeds Bob needs (an empty seed for a block that yields no bits). */
    record Drawn(BitVector finalKey, long[][] seeds, int[] seedBits) {
        @Override
        public String toString() {
            return "Bb84Amplification.Drawn[finalBits=" + finalKey.length() + ", blocks=" + seeds.length + "]";
        }
    }

    /**
     * Hashes bits [from, to) of a reconciled key to {@code bits} bits with {@code seed}: by
     * default {@link PrivacyAmplification#apply} of the slice; {@link PairedAmplification} hashes
     * both ends' keys in one go when one process holds both.
     */
    interface Hasher {
        BitVector hash(BitVector key, int from, int to, int bits, BitVector seed);
    }

    static final Hasher DIRECT = (key, from, to, bits, seed) -> {
        BitVector part = key.slice(from, to);
        BitVector out = PrivacyAmplification.apply(part, bits, seed);
        part.wipe();
        return out;
    };

    /** Block i: input bits [from, to), output bits [outFrom, outTo). */
    private record Part(int from, int to, int outFrom, int outTo) {
        int bits() {
            return outTo - outFrom;
        }
    }

    private static List<Part> plan(int n, int finalLength, int blockBits) {
        if (finalLength < 0 || finalLength > n) {
            throw new IllegalArgumentException("finalLength must be in [0, " + n + "], was " + finalLength);
        }
        if (blockBits < 1) {
            throw new IllegalArgumentException("blockBits must be >= 1, was " + blockBits);
        }
        List<Part> parts = new ArrayList<>();
        int blocks = (int) ((n + (long) blockBits - 1) / blockBits);
        for (int b = 0; b < blocks; b++) {
            int from = (int) ((long) n * b / blocks);
            int to = (int) ((long) n * (b + 1) / blocks);
            parts.add(new Part(from, to, (int) ((long) finalLength * from / n), (int) ((long) finalLength * to / n)));
        }
        return parts;
    }

    /** Alice: draws each block's seed from {@code random} in order and hashes. */
    static Drawn draw(BitVector reconciled, int finalLength, int blockBits, RandomGenerator random, Hasher hasher) {
        List<Part> plan = plan(reconciled.length(), finalLength, blockBits);
        long[][] seeds = new long[plan.size()][];
        int[] seedBits = new int[plan.size()];
        List<BitVector> keys = new ArrayList<>();
        for (int b = 0; b < plan.size(); b++) {
            Part p = plan.get(b);
            seeds[b] = new long[0];
            if (p.bits() == 0) {
                continue;
            }
            BitVector seed = PrivacyAmplification.drawSeed(p.to() - p.from(), p.bits(), random);
            seeds[b] = Bb84Step.words(seed);
            seedBits[b] = seed.length();
            keys.add(hasher.hash(reconciled, p.from(), p.to(), p.bits(), seed));
        }
        return new Drawn(concatAndWipe(keys), seeds, seedBits);
    }

    /** Bob: hashes with Alice's seeds; a seed that does not fit the plan is refused. */
    static BitVector apply(BitVector reconciled, int finalLength, int blockBits, long[][] seeds, int[] seedBits,
            Hasher hasher) {
        List<Part> plan = plan(reconciled.length(), finalLength, blockBits);
        if (seeds.length != plan.size() || seedBits.length != plan.size()) {
            throw new IllegalArgumentException(seeds.length + " seeds for " + plan.size() + " amplification blocks");
        }
        List<BitVector> keys = new ArrayList<>();
        for (int b = 0; b < plan.size(); b++) {
            Part p = plan.get(b);
            if (p.bits() == 0) {
                continue;
            }
            if (seedBits[b] < 0 || seeds[b].length != BitVector.wordsFor(seedBits[b])) {
                throw new IllegalArgumentException("seed " + b + " has " + seeds[b].length + " words for "
                        + seedBits[b] + " bits");
            }
            keys.add(hasher.hash(reconciled, p.from(), p.to(), p.bits(), BitVector.wrap(seeds[b], seedBits[b])));
        }
        return concatAndWipe(keys);
    }

    private static BitVector concatAndWipe(List<BitVector> keys) {
        BitVector out = Bb84Blocks.concat(keys);
        keys.forEach(BitVector::wipe);
        return out;
    }
}
