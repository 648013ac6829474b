package io.qmkdc.quantum;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.EprAuthentication.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.Test;

/**
 * All rounds at once (every pair prepared, every f back, then the announcement and one settlement:
 * how the Authenticator runs a session, issue 16) decides what round by round decides: for the same
 * seeds the same failed rounds, checks, mismatches, verdict and updated K_c on both sides — for an
 * honest member, an impostor and a Z measurement of m in transit (caught only by hardened checks).
 */
public class EprKdcBatchTest {
    private static final int ROUNDS = 32;

    /** What a driver saw: the verdict and the updated K_c at each side. */
    private record Outcome(EprKdc.Verdict verdict, BitVector kdcKey, BitVector memberKey) {
    }

    private static Outcome run(boolean batch, Mode mode, EprAttacker attacker, long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        BitVector kc = BitVector.random(2 * ROUNDS + 8, root);
        QuantumRegistry registry = new QuantumRegistry(root.split());
        SplittableRandom kdcRng = root.split();
        SplittableRandom attackerRng = root.split();
        long memberSeed = root.nextLong();
        EprKdc kdc = new EprKdc(mode, ROUNDS, 0.5, 0.0, kc, registry, kdcRng);
        EprMember member = new EprMember(attacker.replacesMember() ? EprAttacker.Impostor.guess(kc, root) : kc);
        MemberQubits qubits = new MemberQubits(registry);
        if (batch) {
            List<QubitRef> fs = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                QubitRef m = toMember(registry, kdc.prepare(i, EprSession.KDC).m(), attacker, attackerRng);
                fs.add(back(registry, qubits.encode((EprMember.Encode) member.encode(i, m)), attacker, attackerRng));
            }
            boolean[] checks = new boolean[ROUNDS];
            for (int i = 0; i < ROUNDS; i++) {
                checks[i] = kdc.returned(i, fs.get(i));
            }
            List<EprMember.Step> steps = member.settleAll(checks);
            for (int i = 0; i < ROUNDS; i++) {
                int outcome = qubits.measure(steps.get(i), Streams.of(memberSeed, "r" + i));
                kdc.settled(i, member.answer(i, steps.get(i), outcome));
            }
            assertTrue(kdc.allSettled());
        } else {
            for (int i = 0; i < ROUNDS; i++) {
                QubitRef m = toMember(registry, kdc.prepare(EprSession.KDC).m(), attacker, attackerRng);
                boolean check = kdc.returned(back(registry, qubits.encode((EprMember.Encode) member.encode(i, m)), attacker, attackerRng));
                EprMember.Step step = member.settle(i, check);
                int outcome = qubits.measure(step, Streams.of(memberSeed, "r" + i));
                kdc.settled(member.answer(i, step, outcome));
            }
        }
        assertEquals("no qubit left behind", 0, registry.liveQubitCount());
        return new Outcome(kdc.verdict(), kdc.updatedKey(), member.updatedKey());
    }

    private static QubitRef toMember(QuantumRegistry registry, QubitRef m, EprAttacker attacker, SplittableRandom rng) {
        QubitRef inTransit = registry.transfer(m, EprSession.CHANNEL);
        attacker.onPairHalfInTransit(registry, inTransit, rng);
        return registry.transfer(inTransit, EprSession.MEMBER);
    }

    private static QubitRef back(QuantumRegistry registry, QubitRef f, EprAttacker attacker, SplittableRandom rng) {
        QubitRef inTransit = registry.transfer(f, EprSession.CHANNEL);
        attacker.onReturnInTransit(registry, inTransit, rng);
        return registry.transfer(inTransit, EprSession.KDC);
    }

    private static void assertSameDecision(Mode mode, EprAttacker attacker, long seed) {
        Outcome one = run(false, mode, attacker, seed);
        Outcome all = run(true, mode, attacker, seed);
        assertEquals(one.verdict(), all.verdict());
        assertEquals(0, one.kdcKey().hammingDistance(all.kdcKey()));
        assertEquals(0, one.memberKey().hammingDistance(all.memberKey()));
    }

    @Test
    public void anHonestMemberPassesAlikeAndBothSidesUpdateKcAlike() {
        for (Mode mode : Mode.values()) {
            assertSameDecision(mode, new EprAttacker.None(), 1);
            Outcome all = run(true, mode, new EprAttacker.None(), 1);
            assertTrue(all.verdict().reason(), all.verdict().passed());
            assertEquals("eq. 12 agrees on both sides", 0, all.kdcKey().hammingDistance(all.memberKey()));
        }
    }

    @Test
    public void anImpostorFailsAlike() {
        for (long seed = 2; seed < 6; seed++) {
            assertSameDecision(Mode.HARDENED, new EprAttacker.Impostor(), seed);
            EprKdc.Verdict v = run(true, Mode.HARDENED, new EprAttacker.Impostor(), seed).verdict();
            assertFalse(v.passed());
            assertTrue("a guessed K_c fails rounds", v.failedRounds() > 0);
        }
    }

    @Test
    public void measuringThePairInTransitIsCaughtByHardenedChecksOnlyAlike() {
        for (long seed = 6; seed < 10; seed++) {
            assertSameDecision(Mode.PAPER, new EprAttacker.MeasurePairHalfZ(), seed);
            assertSameDecision(Mode.HARDENED, new EprAttacker.MeasurePairHalfZ(), seed);
            assertTrue("unnoticed in paper mode", run(true, Mode.PAPER, new EprAttacker.MeasurePairHalfZ(), seed).verdict().passed());
            EprKdc.Verdict hardened = run(true, Mode.HARDENED, new EprAttacker.MeasurePairHalfZ(), seed).verdict();
            assertFalse("caught by the Bell checks", hardened.passed());
            assertTrue(hardened.mismatches() > 0);
        }
    }

    @Test
    public void interceptingTheReturnFailsRoundsAlike() {
        for (long seed = 10; seed < 14; seed++) {
            assertSameDecision(Mode.HARDENED, new EprAttacker.InterceptResendReturn(), seed);
            EprKdc.Verdict v = run(true, Mode.HARDENED, new EprAttacker.InterceptResendReturn(), seed).verdict();
            assertFalse(v.passed());
            assertTrue(v.failedRounds() > 0);
        }
    }

    @Test
    public void aRoundIsVerifiedAndSettledOnceAndOnlyAfterItsPair() {
        QuantumRegistry registry = new QuantumRegistry(new SplittableRandom(1));
        EprKdc kdc = new EprKdc(Mode.PAPER, 2, 0, 0, BitVector.random(8, new SplittableRandom(2)), registry,
                new SplittableRandom(3));
        assertThrows(IllegalStateException.class, () -> kdc.returned(1, new QubitRef("x", 0, 1)));
        kdc.prepare(0, EprSession.KDC);
        assertThrows(IllegalStateException.class, () -> kdc.prepare(0, EprSession.KDC));
        assertThrows(IllegalArgumentException.class, () -> kdc.prepare(2, EprSession.KDC));
        assertFalse(kdc.allSettled());
    }
}
