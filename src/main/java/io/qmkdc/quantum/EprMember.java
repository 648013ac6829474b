package io.qmkdc.quantum;

import io.qmkdc.qkd.BitVector;
import java.util.HashMap;
import java.util.Map;

/**
 * The member's side of EPR authentication (paper §2.6, eq. 9–12; DESIGN §5 step 2) as a step
 * machine over its K_c, wherever its qubits live: a pair half m arrives → {@link #encode} names the
 * round's b = K_{2i-1}, v = K_{2i} and keeps m; the KDC settles the round → {@link #settle} hands the
 * kept m back for the announced X check or the Z measurement of the key update; that outcome →
 * {@link #updated} (eq. 12); the KDC's verdict → {@link #concluded} installs the updated K_c, or keeps
 * the old one. The steps name the qubit operations; {@link MemberQubits} performs them on the registry
 * holding the qubits (which checks ownership and moves, never copies). No randomness of its own.
 */
public final class EprMember {

    /** What the member does next. */
    public sealed interface Step {
    }

    /** Eq. 9–10: f = |v> (b = 0) or H|v> (b = 1) beside m, CNOT(m → f); f goes back, m is kept. */
    public record Encode(QubitRef m, int basis, int value) implements Step {
        @Override
        public String toString() {
            return "Encode[" + m + "]"; // b and v are K_c bits
        }
    }

    /** Hardened check: measure the kept m in X; the outcome goes to the KDC. */
    public record BellCheck(QubitRef m) implements Step {
    }

    /** Key update: measure the kept m in Z; the outcome is K'_{2i-1} ({@link #updated}). */
    public record MeasureForUpdate(QubitRef m) implements Step {
    }

    /** Nothing to do with the round (no kept m, or a round past K_c): the KDC hears -1. */
    public record NoPair(String reason) implements Step {
    }

    private BitVector kc;
    private BitVector pending;
    private final Map<Integer, QubitRef> kept = new HashMap<>();

    /** @param kc the member's K_c (copied: the caller may wipe its own) */
    public EprMember(BitVector kc) {
        this.kc = kc.copy();
        this.pending = kc.copy();
    }

    /** Step 2 of round {@code round} on the arrived m. */
    public Step encode(int round, QubitRef m) {
        if (!inKey(round)) {
            return new NoPair("round " + round + " is past the " + kc.length() + "-bit K_c");
        }
        kept.put(round, m);
        return new Encode(m, kc.bit(2 * round), kc.bit(2 * round + 1));
    }

    /** The KDC settles the round: an announced X check ({@code check}) or the key update. */
    public Step settle(int round, boolean check) {
        QubitRef m = kept.remove(round);
        if (m == null) {
            return new NoPair("no pair half kept for round " + round);
        }
        return check ? new BellCheck(m) : new MeasureForUpdate(m);
    }

    /** {@link #settle} for every round of a session at once: step i for round i ({@code checks[i]}: announced check). */
    public java.util.List<Step> settleAll(boolean[] checks) {
        java.util.List<Step> steps = new java.util.ArrayList<>(checks.length);
        for (int i = 0; i < checks.length; i++) {
            steps.add(settle(i, checks[i]));
        }
        return steps;
    }

    /**
     * What the member announces for round {@code round} once {@code step} is done with {@code outcome}:
     * the X outcome of a check; 0 for a key update it could apply (eq. 12, {@link #updated}); -1 when it
     * had no m or the measurement found none.
     */
    public int answer(int round, Step step, int outcome) {
        if (step instanceof BellCheck) {
            return outcome;
        }
        if (step instanceof MeasureForUpdate) {
            return updated(round, outcome) ? 0 : -1;
        }
        return -1;
    }

    /**
     * Eq. 12 with the Z outcome {@code fresh} = K'_{2i-1}: K'_{2i} = K_{2i-1} ⊕ K_{2i} ⊕ K'_{2i-1},
     * held until the verdict. False (nothing changed) when {@code fresh} is not a bit (m was gone).
     */
    public boolean updated(int round, int fresh) {
        if (!inKey(round) || (fresh != 0 && fresh != 1)) {
            return false;
        }
        int b = kc.bit(2 * round);
        int v = kc.bit(2 * round + 1);
        pending.set(2 * round, fresh == 1);
        pending.set(2 * round + 1, EprAuthentication.updatedSecondBit(b, v, fresh) == 1);
        return true;
    }

    /** The KDC's verdict: a passed session installs the updated K_c, a failed one keeps the old. */
    public void concluded(boolean passed) {
        kept.clear();
        if (passed) {
            kc.wipe();
            kc = pending.copy();
        } else {
            pending.wipe();
            pending = kc.copy();
        }
    }

    /** A copy of the K_c as updated so far (before the verdict): for in-process drivers. */
    public BitVector updatedKey() {
        return pending.copy();
    }

    public void wipe() {
        kc.wipe();
        pending.wipe();
        kept.clear();
    }

    private boolean inKey(int round) {
        return round >= 0 && 2L * round + 1 < kc.length();
    }

    @Override
    public String toString() {
        return "EprMember[" + kc.length() + "-bit K_c, " + kept.size() + " kept]";
    }
}
