package io.qmkdc.qkd;

import java.util.Map;

/**
 * The classical messages of one BB84 round between Alice (the KDC end) and Bob (the terminal end),
 * in protocol order (DESIGN §4; paper eq. 3–4). {@link Bb84AliceRound} and {@link Bb84BobRound}
 * produce and consume them; a transport carries them — the link actors, authenticated and
 * CBOR-encoded, or {@link LinkPipeline} in process. Bit strings travel as packed little-endian
 * {@code long[]} words plus a length. Public by nature: no key bits (the sample, the decoy and
 * vacuum bits are disclosed and leave the key).
 */
public sealed interface Bb84Step {
    int round();

    /**
     * Bob → Alice, sifting: Bob's bases of his detections {@code first, first + 1, …} in pulse order;
     * {@code last} ends them. A chunk that does not start where the previous ended is ignored (one
     * was lost: the round times out).
     */
    record BobBases(int round, long first, byte[] basis, boolean last) implements Bb84Step {
    }

    /**
     * Alice → Bob, sifting: her bases and intensity classes of detections {@code first, first + 1, …}.
     * The {@code last} one also opens the estimation: which of the {@code siftedBits} sifted signal
     * bits form the QBER sample ({@code sampleSize} set bits of {@code samplePositions}; none when
     * the round is too short). One message, so the sample costs no extra tag.
     */
    record SiftAnnounce(int round, long first, byte[] basis, byte[] intensity, boolean last, long[] samplePositions,
            int siftedBits, int sampleSize) implements Bb84Step {
    }

    /** Bob → Alice, estimation: his sifted decoy and vacuum bits (disclosed in full) and the sampled signal bits. */
    record Disclosed(int round, long[] decoy, int decoyBits, long[] vacuum, int vacuumBits, long[] sample,
            int sampleBits) implements Bb84Step {
    }

    /** Alice → Bob: estimation passed; Cascade with this QBER estimate, block length and per-block shuffle seeds. */
    record Reconcile(int round, double qber, int blockBits, long[] shuffleSeeds) implements Bb84Step {
    }

    /** Bob → Alice: one batch of Cascade parity questions about block {@code block}. */
    record ParityQuestions(int round, int block, int[] pass, int[] start, int[] end) implements Bb84Step {
    }

    /** Alice → Bob: the parities, bit i for question i. */
    record ParityAnswers(int round, int block, long[] parities, int count) implements Bb84Step {
    }

    /** Bob → Alice: Cascade finished on every block. */
    record Corrected(int round) implements Bb84Step {
    }

    /** Alice → Bob, verification: per block a fresh public hash key (k1, k2) and Alice's tag (h1, h2). */
    record VerifyTags(int round, long[] k1, long[] k2, long[] h1, long[] h2) implements Bb84Step {
    }

    /** Bob → Alice: which blocks' tags matched (the others are discarded on both sides). */
    record VerifyOutcome(int round, boolean[] kept) implements Bb84Step {
    }

    /**
     * Alice → Bob, privacy amplification: the final length and one public Toeplitz seed per
     * amplification block of at most {@code blockBits} reconciled bits.
     */
    record Amplify(int round, int finalBits, int blockBits, long[][] seeds, int[] seedBits) implements Bb84Step {
    }

    /** Either way: the round is abandoned (estimation failed, a message did not fit, ...). */
    record Abort(int round, String reason) implements Bb84Step {
    }

    /** The message types by their simple name (a transport's kind tag). */
    Map<String, Class<? extends Bb84Step>> KINDS = Map.ofEntries(
            Map.entry("BobBases", BobBases.class), Map.entry("SiftAnnounce", SiftAnnounce.class),
            Map.entry("Disclosed", Disclosed.class),
            Map.entry("Reconcile", Reconcile.class), Map.entry("ParityQuestions", ParityQuestions.class),
            Map.entry("ParityAnswers", ParityAnswers.class), Map.entry("Corrected", Corrected.class),
            Map.entry("VerifyTags", VerifyTags.class), Map.entry("VerifyOutcome", VerifyOutcome.class),
            Map.entry("Amplify", Amplify.class), Map.entry("Abort", Abort.class));

    /** The words of {@code v}, exactly as many as its length needs. */
    static long[] words(BitVector v) {
        return java.util.Arrays.copyOf(v.words(), BitVector.wordsFor(v.length()));
    }
}
