package io.qmkdc.qkd;

/**
 * Where one end's key material stands after each step, for tests that compare two transports of
 * the same round. The default does nothing; an implementation must copy what it keeps (the round
 * wipes its keys) and must never log them.
 */
public interface Bb84Trace {
    Bb84Trace NONE = new Bb84Trace() {
    };

    /** This end's sifted signal key, before the sample is drawn. */
    default void sifted(BitVector signal) {
    }

    /** This end's reconciled key: the corrected blocks whose tags matched, in order. */
    default void corrected(BitVector reconciled) {
    }

    /** This end's final key after privacy amplification. */
    default void amplified(BitVector finalKey) {
    }

    /** Alice's report of the round (Bob has none). */
    default void finished(Bb84Report report) {
    }
}
