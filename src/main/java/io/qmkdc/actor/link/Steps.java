package io.qmkdc.actor.link;

import java.util.Map;

/**
 * The classical steps of the BB84 post-processing between the KDC end (Alice) and the terminal
 * end (Bob), in protocol order (DESIGN §4). They travel CBOR-encoded inside {@link Authenticated}.
 * Bit strings travel as packed little-endian {@code long[]} words plus a length.
 */
public final class Steps {
    private Steps() {
    }

    /** A step of round {@code round}. */
    public sealed interface Step {
        int round();
    }

    /** Bob → Alice, sifting: Bob's measurement bases, one byte per detection, in pulse order. */
    public record BobBases(int round, byte[] basis) implements Step {
    }

    /**
     * Alice → Bob, sifting: Alice's bases and intensity classes per detection; and the public
     * seed and size of the QBER sample drawn among the sifted signal bits.
     */
    public record SiftAnnounce(int round, byte[] basis, byte[] intensity, long sampleSeed, int sampleSize)
            implements Step {
    }

    /** Bob → Alice, estimation: his sifted decoy and vacuum bits (disclosed in full) and the sampled signal bits. */
    public record Disclosed(int round, long[] decoy, int decoyBits, long[] vacuum, int vacuumBits, long[] sample,
            int sampleBits) implements Step {
    }

    /** Alice → Bob: estimation passed; Cascade with this QBER estimate, block length and per-block shuffle seeds. */
    public record Reconcile(int round, double qber, int blockBits, long[] shuffleSeeds) implements Step {
    }

    /** Bob → Alice: one batch of Cascade parity questions about block {@code block}. */
    public record ParityQuestions(int round, int block, int[] pass, int[] start, int[] end) implements Step {
    }

    /** Alice → Bob: the parities, bit i for question i. */
    public record ParityAnswers(int round, int block, long[] parities, int count) implements Step {
    }

    /** Bob → Alice: Cascade finished on every block. */
    public record Corrected(int round) implements Step {
    }

    /** Alice → Bob, verification: per block a fresh public hash key (k1, k2) and Alice's tag (h1, h2). */
    public record VerifyTags(int round, long[] k1, long[] k2, long[] h1, long[] h2) implements Step {
    }

    /** Bob → Alice: which blocks' tags matched (the others are discarded on both sides). */
    public record VerifyOutcome(int round, boolean[] kept) implements Step {
    }

    /** Alice → Bob, privacy amplification: the final length and the public Toeplitz seed. */
    public record Amplify(int round, int finalBits, long[] seed, int seedBits) implements Step {
    }

    /** Alice → Bob: the round is abandoned (estimation failed, timeout, ...). */
    public record Abort(int round, String reason) implements Step {
    }

    static final Map<String, Class<? extends Step>> KINDS = Map.ofEntries(
            Map.entry("BobBases", BobBases.class), Map.entry("SiftAnnounce", SiftAnnounce.class),
            Map.entry("Disclosed", Disclosed.class), Map.entry("Reconcile", Reconcile.class),
            Map.entry("ParityQuestions", ParityQuestions.class), Map.entry("ParityAnswers", ParityAnswers.class),
            Map.entry("Corrected", Corrected.class), Map.entry("VerifyTags", VerifyTags.class),
            Map.entry("VerifyOutcome", VerifyOutcome.class), Map.entry("Amplify", Amplify.class),
            Map.entry("Abort", Abort.class));
}
