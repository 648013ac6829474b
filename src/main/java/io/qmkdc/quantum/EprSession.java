package io.qmkdc.quantum;

import io.qmkdc.qkd.BitVector;
import java.util.random.RandomGenerator;

/**
 * Runs a whole EPR authentication session in one thread (DESIGN §5): per round the KDC prepares
 * Φ+, m crosses the channel (where the attacker may act) to the member, f crosses back, the KDC
 * verifies; then, in HARDENED mode with probability {@code checkFraction}, the round is announced
 * as a check and both kept halves are measured in X, otherwise they feed the key update (eq. 12).
 * The member's steps are {@link EprMember}'s and {@link MemberQubits}', as the member actor runs them.
 */
public final class EprSession {
    static final String KDC = "kdc";
    static final String MEMBER = "member";
    static final String CHANNEL = "channel";

    private EprSession() {
    }

    /** Same as {@link #run(EprAuthentication.Mode, BitVector, int, EprAttacker, double, double, RandomGenerator)} with tolerance 0 (noiseless channel). */
    public static EprSessionResult run(EprAuthentication.Mode mode, BitVector kc, int rounds, EprAttacker attacker,
                                       double checkFraction, RandomGenerator rng) {
        return run(mode, kc, rounds, attacker, checkFraction, 0.0, rng);
    }

    /**
     * @param kc            shared authentication key K_c, at least 2·rounds bits; bits past 2·rounds are kept as they are
     * @param checkFraction probability that a round is announced as an X check (HARDENED only), in [0, 1]
     * @param tolerance     accepted fraction of failed rounds and of Bell mismatches, in [0, 1)
     */
    public static EprSessionResult run(EprAuthentication.Mode mode, BitVector kc, int rounds, EprAttacker attacker,
                                       double checkFraction, double tolerance, RandomGenerator rng) {
        if (rounds < 1 || 2L * rounds > kc.length()) {
            throw new IllegalArgumentException("rounds must be in [1, " + kc.length() / 2 + "] for a "
                    + kc.length() + "-bit K_c, was " + rounds);
        }
        if (!(checkFraction >= 0 && checkFraction <= 1)) {
            throw new IllegalArgumentException("checkFraction must be in [0, 1], was " + checkFraction);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in [0, 1), was " + tolerance);
        }
        QuantumRegistry registry = new QuantumRegistry(rng);
        // Both sides are the actors' own: EprKdc (the Authenticator's) and EprMember (the member's);
        // an impostor runs the member's side on a guessed K_c.
        EprKdc kdc = new EprKdc(mode, rounds, checkFraction, tolerance, kc, registry, rng);
        EprMember member = new EprMember(attacker.replacesMember() ? EprAttacker.Impostor.guess(kc, rng) : kc);
        MemberQubits memberQubits = new MemberQubits(registry);
        int leaked = 0;
        for (int i = 0; i < rounds; i++) {
            EprAuthentication.BellPair pair = kdc.prepare(KDC);
            QubitRef m = registry.transfer(pair.m(), CHANNEL);
            int attackerBit = attacker.onPairHalfInTransit(registry, m, rng);
            m = registry.transfer(m, MEMBER);

            QubitRef f = registry.transfer(memberQubits.encode((EprMember.Encode) member.encode(i, m)), CHANNEL);
            attacker.onReturnInTransit(registry, f, rng);
            f = registry.transfer(f, KDC);
            boolean check = kdc.returned(f);
            // A checked pair's outcomes are announced, so it cannot refresh key bits: K_{2i-1}, K_{2i} stay.
            int memberOutcome = memberQubits.measure(member.settle(i, check), rng);
            if (!check) {
                member.updated(i, memberOutcome);
                if (attackerBit == kdc.freshBit()) {
                    leaked++;
                }
            }
            kdc.settled(memberOutcome);
        }
        EprKdc.Verdict verdict = kdc.verdict();
        BitVector memberKey = member.updatedKey();
        BitVector kdcKey = kdc.updatedKey();
        member.wipe();
        kdc.wipe();
        return new EprSessionResult(mode, rounds, verdict.failedRounds(), verdict.checks(), verdict.mismatches(),
                tolerance, verdict.passed(), kdcKey, memberKey, leaked);
    }
}
