package io.qmkdc.quantum;

import io.qmkdc.qkd.BitVector;
import java.util.random.RandomGenerator;

/**
 * EPR + CNOT authentication of a member by the KDC (paper §2.6, eq. 8–12; DESIGN §5), split into
 * the steps each party performs so actors can run them as messages. Round i uses basis
 * b = K_{2i-1} (0 = Z, 1 = X) and value v = K_{2i}; qubits are moved, never copied.
 * {@link EprSession} drives whole sessions.
 */
public final class EprAuthentication {
    /** PAPER: the rounds exactly as published. HARDENED: plus announced X-basis checks of the kept pair. */
    public enum Mode { PAPER, HARDENED }

    /** The KDC's Bell pair: s stays at the KDC, m goes to the member. */
    public record BellPair(QubitRef s, QubitRef m) {
    }

    private EprAuthentication() {
    }

    /** KDC, step 1: |Φ+> = (|00> + |11>)/√2 on (s, m), both held by {@code kdc} (eq. 8). */
    public static BellPair prepareBellPair(QuantumRegistry registry, String kdc) {
        QubitRef s = registry.create(kdc);
        QubitRef m = registry.allocateBeside(s);
        registry.apply(s, SingleQubitGate.H);
        registry.cnot(s, m);
        return new BellPair(s, m);
    }

    /**
     * Member, step 2: prepares f as |v> (b = 0) or H|v> (b = 1) beside m, applies CNOT(m → f)
     * (eq. 9–10), keeps m and returns f to send. f is held by m's holder.
     */
    public static QubitRef memberEncode(QuantumRegistry registry, QubitRef m, int basis, int value) {
        Basis b = Basis.fromBit(basis);
        requireBit("value", value);
        QubitRef f = registry.allocateBeside(m);
        if (value == 1) {
            registry.apply(f, SingleQubitGate.X);
        }
        if (b == Basis.X) {
            registry.apply(f, SingleQubitGate.H);
        }
        registry.cnot(m, f);
        return f;
    }

    /** KDC, step 3a: CNOT(s → f) (eq. 11); for an honest member f is back in its prepared state. */
    public static void kdcDecode(QuantumRegistry registry, QubitRef s, QubitRef f) {
        registry.cnot(s, f);
    }

    /**
     * KDC, step 3: decode, then measure f in basis b (destroying it); the round passes iff the outcome
     * is v. Asked as "is f v?": the flip of basis b (X for Z, Z for X) is applied v times and the pass
     * is outcome 0 — a relabelling of the detector's outcomes, the same statistics — so where the
     * outcome is random the draw decides pass or fail, not 0 or 1: a seeded run fails the same rounds
     * whatever K_c the CSPRNG gave (issue 15, item 7).
     */
    public static boolean kdcVerify(QuantumRegistry registry, QubitRef s, QubitRef f, int basis, int value,
                                    RandomGenerator rng) {
        Basis b = Basis.fromBit(basis);
        requireBit("value", value);
        kdcDecode(registry, s, f);
        if (value == 1) {
            registry.apply(f, b == Basis.Z ? SingleQubitGate.X : SingleQubitGate.Z);
        }
        return registry.measureAndRelease(f, b, rng) == 0;
    }

    /** Hardened check (DESIGN §5): each side measures its kept half in X; Φ+ gives equal outcomes. */
    public static int bellCheckOutcome(QuantumRegistry registry, QubitRef keptHalf, RandomGenerator rng) {
        return registry.measureAndRelease(keptHalf, Basis.X, rng);
    }

    /** Key update, first bit: each side measures its kept half in Z to get K'_{2i-1} (paper §3.1). */
    public static int updatedFirstBit(QuantumRegistry registry, QubitRef keptHalf, RandomGenerator rng) {
        return registry.measureAndRelease(keptHalf, Basis.Z, rng);
    }

    /** Key update, second bit, paper eq. 12: K'_{2i} = K_{2i-1} ⊕ K_{2i} ⊕ K'_{2i-1}. */
    public static int updatedSecondBit(int k2iMinus1, int k2i, int newK2iMinus1) {
        requireBit("K_{2i-1}", k2iMinus1);
        requireBit("K_{2i}", k2i);
        requireBit("K'_{2i-1}", newK2iMinus1);
        return k2iMinus1 ^ k2i ^ newK2iMinus1;
    }

    /** Runs a whole session; see {@link EprSession#run(Mode, BitVector, int, EprAttacker, double, double, RandomGenerator)}. */
    public static EprSessionResult runSession(Mode mode, BitVector kc, int rounds, EprAttacker attacker,
                                              double checkFraction, double tolerance, RandomGenerator rng) {
        return EprSession.run(mode, kc, rounds, attacker, checkFraction, tolerance, rng);
    }

    private static void requireBit(String name, int bit) {
        if (bit != 0 && bit != 1) {
            throw new IllegalArgumentException(name + " must be 0 or 1, was " + bit);
        }
    }
}
