package io.qmkdc.qkd;

import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * Both ends' privacy amplification in one pass when one process holds both ends (the emulation,
 * {@link Bb84InProcess}): when Alice hashes a block, Bob's same block of his verified key (he holds
 * it by then) is hashed beside it with {@link ToeplitzHash#hashPair}, which shares the seed's
 * transform and gives the bits of two separate hashes. Bob's own call for that block, with the
 * same seed and the same bits, takes the result; any other call is hashed directly. Bob's parts
 * and hashes are kept only until he asks for them, and wiped.
 */
final class PairedAmplification {
    /** Bob's block [from, to) as Alice's call saw it, and its hash under {@code seed}. */
    private record Pending(int from, int to, BitVector seed, BitVector bobPart, BitVector bobHash) {
    }

    private final Supplier<BitVector> bobKey;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    /** {@code bobKey}: Bob's verified key when Alice amplifies (null or another length: no pairing). */
    PairedAmplification(Supplier<BitVector> bobKey) {
        this.bobKey = bobKey;
    }

    /** Alice's hasher: hashes her block and Bob's in one go, returns hers. */
    BitVector alice(BitVector key, int from, int to, int bits, BitVector seed) {
        BitVector theirs = bobKey.get();
        if (theirs == null || theirs.length() != key.length()
                || seed.length() != PrivacyAmplification.seedLength(to - from, bits)) {
            return Bb84Amplification.DIRECT.hash(key, from, to, bits, seed);
        }
        BitVector mine = key.slice(from, to);
        BitVector bobPart = theirs.slice(from, to);
        BitVector[] y = ToeplitzHash.hashPair(mine, bobPart, bits, seed);
        mine.wipe();
        pending.add(new Pending(from, to, seed.copy(), bobPart, y[1]));
        return y[0];
    }

    /** Bob's hasher: the paired hash when his block and seed are the ones Alice's call saw, else his own. */
    BitVector bob(BitVector key, int from, int to, int bits, BitVector seed) {
        Pending p = pending.poll();
        if (p != null) {
            BitVector part = key.slice(from, to);
            boolean same = p.from() == from && p.to() == to && p.bobHash().length() == bits
                    && p.seed().contentEquals(seed) && p.bobPart().contentEquals(part);
            part.wipe();
            p.bobPart().wipe();
            if (same) {
                return p.bobHash();
            }
            p.bobHash().wipe();
        }
        return Bb84Amplification.DIRECT.hash(key, from, to, bits, seed);
    }

    /** Wipes what Bob did not ask for (an aborted round). */
    void wipe() {
        for (Pending p : pending) {
            p.bobPart().wipe();
            p.bobHash().wipe();
        }
        pending.clear();
    }
}
