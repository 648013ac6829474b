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
 * The per-round forms ({@link #prepare(int, String)}, {@link #returned(int, QubitRef)},
 * {@link #settled(int, int)}) let a caller hold all rounds' pairs at once (one message each way for
 * all rounds, see {@code Authenticator}); called in round order they draw from {@code rng} in the
 * same order as the one-round-at-a-time form, so a seed decides the same rounds either way.
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
    private final QubitRef[] kept;
    private final boolean[] check;
    private final int[] checkOutcome;
    private final boolean[] settled;
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
        this.kept = new QubitRef[rounds];
        this.check = new boolean[rounds];
        this.checkOutcome = new int[rounds];
        this.settled = new boolean[rounds];
    }

    public int rounds() {
        return rounds;
    }

    public int round() {
        return round;
    }

    /** Step 1 (eq. 8): Φ+ on (s, m), held by {@code owner}; s stays, m is to be sent. */
    public EprAuthentication.BellPair prepare(String owner) {
        return prepare(round, owner);
    }

    /** Step 1 for round {@code i}. */
    public EprAuthentication.BellPair prepare(int i, String owner) {
        requireRound(i);
        if (kept[i] != null) {
            throw new IllegalStateException("round " + i + " already has its pair");
        }
        EprAuthentication.BellPair pair = EprAuthentication.prepareBellPair(registry, owner);
        kept[i] = pair.s();
        return pair;
    }

    /** The kept s of the current round (its register is the round's, to discard on a timeout). */
    public QubitRef kept() {
        return kept(round);
    }

    /** The kept s of round {@code i}, null before its pair or after its settlement measured it. */
    public QubitRef kept(int i) {
        return i >= 0 && i < rounds ? kept[i] : null;
    }

    /**
     * Step 3 (eq. 11): CNOT(s → f), measure f in basis b (pass iff v); then decide the settlement and
     * measure s for it. Returns true when the round is an announced X check.
     */
    public boolean returned(QubitRef f) {
        return returned(round, f);
    }

    /**
     * Step 3 for round {@code i}, whose pair is prepared and not yet verified. The announcement is
     * drawn here, after f is back, so nothing on the way (in whatever order the rounds travel) can
     * know which rounds will be checks.
     */
    public boolean returned(int i, QubitRef f) {
        requireRound(i);
        QubitRef s = kept[i];
        if (s == null) {
            throw new IllegalStateException("round " + i + " has no kept pair half to verify against");
        }
        kept[i] = null;
        int b = kc.bit(2 * i);
        int v = kc.bit(2 * i + 1);
        if (!EprAuthentication.kdcVerify(registry, s, f, b, v, rng)) {
            failed++;
        }
        check[i] = mode == EprAuthentication.Mode.HARDENED && rng.nextDouble() < checkFraction;
        if (check[i]) {
            checkOutcome[i] = EprAuthentication.bellCheckOutcome(registry, s, rng);
        } else {
            int fresh = EprAuthentication.updatedFirstBit(registry, s, rng);
            updated.set(2 * i, fresh == 1);
            updated.set(2 * i + 1, EprAuthentication.updatedSecondBit(b, v, fresh) == 1);
        }
        return check[i];
    }

    /** The K'_{2i-1} of the current round's key update, for an attacker's tally (in-process sessions). */
    int freshBit() {
        return updated.bit(2 * round);
    }

    /** The member settled the round ({@code memberOutcome}: its X outcome on checks); true while rounds remain. */
    public boolean settled(int memberOutcome) {
        settled(round, memberOutcome);
        round++;
        return round < rounds;
    }

    /** Round {@code i} settled by the member (each round once; its f must have been verified). */
    public void settled(int i, int memberOutcome) {
        requireRound(i);
        if (settled[i]) {
            throw new IllegalStateException("round " + i + " is already settled");
        }
        settled[i] = true;
        if (check[i]) {
            checks++;
            if (memberOutcome != checkOutcome[i]) {
                mismatches++;
            }
        }
    }

    /** The verdict's rounds: every round prepared, verified and settled (else the session is unfinished). */
    public boolean allSettled() {
        for (boolean b : settled) {
            if (!b) {
                return false;
            }
        }
        return true;
    }

    private void requireRound(int i) {
        if (i < 0 || i >= rounds) {
            throw new IllegalArgumentException("round must be in [0, " + rounds + "), was " + i);
        }
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
