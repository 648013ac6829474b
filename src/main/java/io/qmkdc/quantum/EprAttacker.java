package io.qmkdc.quantum;

import io.qmkdc.qkd.BitVector;
import java.util.random.RandomGenerator;

/**
 * Attacker models for the EPR authentication rounds (DESIGN §5), as stateless hooks the session
 * driver ({@link EprSession}) and the eavesdropper actor call while a qubit is in transit (the
 * channel holds it) or in place of the member.
 */
public sealed interface EprAttacker {
    /** Acts on m on its way KDC → member; returns the K'_{2i-1} it now knows for sure, or -1. */
    default int onPairHalfInTransit(QuantumRegistry registry, QubitRef m, RandomGenerator rng) {
        return -1;
    }

    /** Acts on f on its way member → KDC; f must stay live (it is resent). */
    default void onReturnInTransit(QuantumRegistry registry, QubitRef f, RandomGenerator rng) {
    }

    /** True when the member is an impostor without K_c, choosing b and v at random. */
    default boolean replacesMember() {
        return false;
    }

    /** No attack: honest member, clean channel. */
    record None() implements EprAttacker {
    }

    /**
     * Impostor without K_c (paper §3.1): random b and v each round. Passes a round with p = 1/2 —
     * as does every impostor strategy, since v is uniform and unknown — so detection after n rounds
     * is 1 − 2^-n (DESIGN §5's 3/4 is the intercept-resend pass rate, not the impostor's).
     */
    record Impostor() implements EprAttacker {
        @Override
        public boolean replacesMember() {
            return true;
        }

        /**
         * An emulated impostor's K_c: the real one XOR a uniform mask from the emulation's stream. As a
         * guess it is uniform and independent of K_c (a uniform key XOR an independent uniform mask), so
         * she learns nothing; and her rounds repeat with the seed although K_c comes from a CSPRNG.
         */
        public static BitVector guess(BitVector kc, RandomGenerator rng) {
            BitVector guess = BitVector.random(kc.length(), rng);
            guess.xorInPlace(kc);
            return guess;
        }
    }

    /** Intercept-resend of f in a random basis, resending the post-measurement state: 1/4 of rounds fail. */
    record InterceptResendReturn() implements EprAttacker {
        @Override
        public void onReturnInTransit(QuantumRegistry registry, QubitRef f, RandomGenerator rng) {
            registry.measure(f, Basis.fromBit(rng.nextInt(2)), rng);
        }
    }

    /**
     * Z measurement of m in transit (the §5 weakness): collapses Φ+ to |aa>, which the rounds' Z
     * parity never notices, and a is the K'_{2i-1} of the key update. Hardened X checks catch it.
     */
    record MeasurePairHalfZ() implements EprAttacker {
        @Override
        public int onPairHalfInTransit(QuantumRegistry registry, QubitRef m, RandomGenerator rng) {
            return registry.measure(m, Basis.Z, rng);
        }
    }
}
