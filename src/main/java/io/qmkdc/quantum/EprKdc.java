package io.qmkdc.quantum;

import io.qmkdc.qkd.BitVector;
import java.util.random.RandomGenerator;

/**
 * The KDC's side of one EPR authentication session (paper §2.6, eq. 8, 11, 12; DESIGN §5) as a step
 * machine, driven by the {@code Authenticator} actor and by {@link EprSession} in process alike:
 * {@link #prepare} Φ+ for the round (m goes to the member); {@link #returned} verifies f and decides
 * the round's settlement — an announced X check (HARDENED, with probability {@code checkFraction})
 * or the key update; {@link #settled} takes the member's answer and moves to the next round; after
 * the last one {@link #verdict}. The updated K_c (eq. 12) is for the caller to install on a pass.
 */
public final class EprKdc {

    /** The session's outcome; {@code reason} is empty when it passed. */
    public record Verdict(boolean passed, int failedRounds, int checks, int mismatches, String reason) {
    }

    private final EprAuthentication.Mode mode;
    private final int rounds;
    private final double checkFraction;
    private final double tolerance;
    private final QuantumRegistry registry;
    private final RandomGenerator rng;
    private final BitVector kc;
    private final BitVector updated;
    private int round;
    private QubitRef kept;
    private boolean check;
    private int checkOutcome;
    private int failed;
    private int checks;
    private int mismatches;

    /** @param kc the member's K_c as the KDC holds it (copied), at least 2·rounds bits */
    public EprKdc(EprAuthentication.Mode mode, int rounds, double checkFraction, double tolerance, BitVector kc,
            QuantumRegistry registry, RandomGenerator rng) {
        this.mode = mode;
        this.rounds = rounds;
        this.checkFraction = checkFraction;
        this.tolerance = tolerance;
        this.kc = kc.copy();
        this.updated = kc.copy();
        this.registry = registry;
        this.rng = rng;
    }

    public int round() {
        return round;
    }

    /** Step 1 (eq. 8): Φ+ on (s, m), held by {@code owner}; s stays, m is to be sent. */
    public EprAuthentication.BellPair prepare(String owner) {
        EprAuthentication.BellPair pair = EprAuthentication.prepareBellPair(registry, owner);
        kept = pair.s();
        return pair;
    }

    /** The kept s of the current round (its register is the round's, to discard on a timeout). */
    public QubitRef kept() {
        return kept;
    }

    /**
     * Step 3 (eq. 11): CNOT(s → f), measure f in basis b (pass iff v); then decide the settlement and
     * measure s for it. Returns true when the round is an announced X check.
     */
    public boolean returned(QubitRef f) {
        int b = kc.bit(2 * round);
        int v = kc.bit(2 * round + 1);
        if (!EprAuthentication.kdcVerify(registry, kept, f, b, v, rng)) {
            failed++;
        }
        check = mode == EprAuthentication.Mode.HARDENED && rng.nextDouble() < checkFraction;
        if (check) {
            checkOutcome = EprAuthentication.bellCheckOutcome(registry, kept, rng);
        } else {
            int fresh = EprAuthentication.updatedFirstBit(registry, kept, rng);
            updated.set(2 * round, fresh == 1);
            updated.set(2 * round + 1, EprAuthentication.updatedSecondBit(b, v, fresh) == 1);
        }
        return check;
    }

    /** The K'_{2i-1} of the current round's key update, for an attacker's tally (in-process sessions). */
    int freshBit() {
        return updated.bit(2 * round);
    }

    /** The member settled the round ({@code memberOutcome}: its X outcome on checks); true while rounds remain. */
    public boolean settled(int memberOutcome) {
        if (check) {
            checks++;
            if (memberOutcome != checkOutcome) {
                mismatches++;
            }
        }
        round++;
        return round < rounds;
    }

    public Verdict verdict() {
        boolean passed = failed <= tolerance * rounds && mismatches <= tolerance * checks;
        String reason = passed ? "" : failed > tolerance * rounds
                ? failed + " of " + rounds + " rounds failed"
                : mismatches + " of " + checks + " Bell checks disagreed (pair disturbed in transit)";
        return new Verdict(passed, failed, checks, mismatches, reason);
    }

    /** A copy of K_c as updated by the session (eq. 12), to install only on a pass. */
    public BitVector updatedKey() {
        return updated.copy();
    }

    public void wipe() {
        kc.wipe();
        updated.wipe();
    }

    @Override
    public String toString() {
        return "EprKdc[" + mode + ", round " + round + " of " + rounds + "]";
    }
}
