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
        BitVector kdcKey = kc.copy();
        // The member side is the actors' own (EprMember); an impostor runs it on a guessed K_c.
        EprMember member = new EprMember(attacker.replacesMember() ? EprAttacker.Impostor.guess(kc, rng) : kc);
        MemberQubits memberQubits = new MemberQubits(registry);
        int failed = 0, checks = 0, mismatches = 0, leaked = 0;
        for (int i = 0; i < rounds; i++) {
            int b = kc.bit(2 * i), v = kc.bit(2 * i + 1);
            EprAuthentication.BellPair pair = EprAuthentication.prepareBellPair(registry, KDC);
            QubitRef m = registry.transfer(pair.m(), CHANNEL);
            int attackerBit = attacker.onPairHalfInTransit(registry, m, rng);
            m = registry.transfer(m, MEMBER);

            QubitRef f = registry.transfer(memberQubits.encode((EprMember.Encode) member.encode(i, m)), CHANNEL);
            attacker.onReturnInTransit(registry, f, rng);
            f = registry.transfer(f, KDC);
            if (!EprAuthentication.kdcVerify(registry, pair.s(), f, b, v, rng)) {
                failed++;
            }

            if (mode == EprAuthentication.Mode.HARDENED && rng.nextDouble() < checkFraction) {
                // Outcomes are announced, so this pair cannot refresh key bits: K_{2i-1}, K_{2i} stay.
                checks++;
                int kdcX = EprAuthentication.bellCheckOutcome(registry, pair.s(), rng);
                int memberX = memberQubits.measure(member.settle(i, true), rng);
                if (kdcX != memberX) {
                    mismatches++;
                }
            } else {
                int kdcNew = EprAuthentication.updatedFirstBit(registry, pair.s(), rng);
                member.updated(i, memberQubits.measure(member.settle(i, false), rng));
                setPair(kdcKey, i, kdcNew, EprAuthentication.updatedSecondBit(b, v, kdcNew));
                if (attackerBit == kdcNew) {
                    leaked++;
                }
            }
        }
        BitVector memberKey = member.updatedKey();
        member.wipe();
        boolean passed = failed <= tolerance * rounds && mismatches <= tolerance * checks;
        return new EprSessionResult(mode, rounds, failed, checks, mismatches, tolerance, passed,
                kdcKey, memberKey, leaked);
    }

    private static void setPair(BitVector key, int round, int first, int second) {
        key.set(2 * round, first == 1);
        key.set(2 * round + 1, second == 1);
    }
}
