package io.qmkdc.qkd;

import io.qmkdc.crypto.PolynomialHash;
import java.util.random.RandomGenerator;

/**
 * Key verification after Cascade (DESIGN §4 step 4): both parties hash their key with the
 * polynomial universal hash over GF(2^61−1) under two independent fresh keys and compare the
 * 122-bit tags. Two different keys of n bits collide with probability at most
 * {@code ε_cor = (⌈(n+1)/60⌉ / (2^61−1))²} (Wegman &amp; Carter, JCSS 22 (1981); independent keys
 * square the single-evaluation bound of {@link PolynomialHash#collisionBound(long)}), e.g.
 * ≈ 5·10⁻²⁹ for n = 10⁶. A mismatch means the block is discarded. The tag is public, so its
 * bits count as leaked.
 */
public final class KeyVerification {
    /** Bits disclosed by one tag (two 61-bit field elements). */
    public static final int TAG_BITS = 122;

    private KeyVerification() {
    }

    /** The public, freshly drawn hash key (chosen after the keys are fixed). */
    public record HashKey(long k1, long k2) {
        public HashKey {
            if (k1 < 0 || k1 >= PolynomialHash.P || k2 < 0 || k2 >= PolynomialHash.P) {
                throw new IllegalArgumentException("hash keys must be in [0, 2^61-1)");
            }
        }

        public static HashKey random(RandomGenerator random) {
            return new HashKey(PolynomialHash.keyFrom(random.nextLong()), PolynomialHash.keyFrom(random.nextLong()));
        }
    }

    /** A key's verification tag. */
    public record Tag(long h1, long h2) {
    }

    /** Outcome of comparing tags: the block is kept only on {@link Verified}. */
    public sealed interface Result permits Verified, Mismatch {
        int leakedTagBits();
    }

    /** Tags equal: keys differ with probability at most {@code collisionBound} (ε_cor). */
    public record Verified(int leakedTagBits, double collisionBound) implements Result {
    }

    /** Tags differ: the keys differ for sure; discard the block. */
    public record Mismatch(int leakedTagBits) implements Result {
    }

    public static Tag tag(BitVector key, HashKey hashKey) {
        return new Tag(PolynomialHash.hash(key.words(), key.length(), hashKey.k1()),
                PolynomialHash.hash(key.words(), key.length(), hashKey.k2()));
    }

    /** Compares Alice's tag with Bob's own, both computed over keys of {@code keyLength} bits. */
    public static Result compare(Tag mine, Tag theirs, long keyLength) {
        if (keyLength < 0) {
            throw new IllegalArgumentException("keyLength must be >= 0, was " + keyLength);
        }
        if (mine.equals(theirs)) {
            return new Verified(TAG_BITS, collisionBound(keyLength));
        }
        return new Mismatch(TAG_BITS);
    }

    /** Both sides in-process: draws a fresh hash key, tags both keys and compares. */
    public static Result verify(BitVector aliceKey, BitVector bobKey, RandomGenerator random) {
        if (aliceKey.length() != bobKey.length()) {
            return new Mismatch(0); // lengths are public: nothing to hash, nothing leaked
        }
        HashKey hashKey = HashKey.random(random);
        return compare(tag(bobKey, hashKey), tag(aliceKey, hashKey), aliceKey.length());
    }

    /** ε_cor: squared single-evaluation collision bound, two independent hash keys. */
    public static double collisionBound(long keyLength) {
        double single = PolynomialHash.collisionBound(keyLength);
        return single * single;
    }
}
