package io.qmkdc.quantum;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.EprAuthentication.Mode;
import java.util.SplittableRandom;
import org.junit.Test;

/** The member's steps (eq. 9–12) as one pure machine; the no-cloning and ownership checks stay the registry's. */
public class EprMemberTest {

    private static BitVector key(String bits) {
        BitVector k = new BitVector(bits.length());
        for (int i = 0; i < bits.length(); i++) {
            k.set(i, bits.charAt(i) == '1');
        }
        return k;
    }

    @Test
    public void encodeNamesTheRoundsBasisAndValueFromKc() {
        EprMember member = new EprMember(key("0110"));
        QubitRef m = new QubitRef("qr1", 0, 42);
        EprMember.Encode r0 = (EprMember.Encode) member.encode(0, m);
        EprMember.Encode r1 = (EprMember.Encode) member.encode(1, m);
        assertEquals("b = K_1", 0, r0.basis());
        assertEquals("v = K_2", 1, r0.value());
        assertEquals(1, r1.basis());
        assertEquals(0, r1.value());
        assertFalse("b and v never in toString", r0.toString().contains("basis"));
    }

    @Test
    public void aRoundPastKcOrWithoutAKeptHalfIsNoPair() {
        EprMember member = new EprMember(key("0110"));
        assertTrue(member.encode(2, new QubitRef("qr1", 0, 1)) instanceof EprMember.NoPair);
        assertTrue(member.encode(-1, new QubitRef("qr1", 0, 1)) instanceof EprMember.NoPair);
        assertTrue(member.settle(0, false) instanceof EprMember.NoPair);
        member.encode(0, new QubitRef("qr1", 0, 1));
        assertTrue(member.settle(0, true) instanceof EprMember.BellCheck);
        assertTrue("a kept half is settled once", member.settle(0, true) instanceof EprMember.NoPair);
        assertFalse("no outcome (-1) changes nothing", member.updated(0, -1));
    }

    @Test
    public void theKeyUpdateIsEquationTwelveAndWaitsForTheVerdict() {
        // K = 10 11: round 0 with K'_1 = 1 gives K'_2 = 1 ⊕ 0 ⊕ 1 = 0; round 1 with K'_3 = 0 gives K'_4 = 1 ⊕ 1 ⊕ 0 = 0.
        EprMember member = new EprMember(key("1011"));
        assertTrue(member.updated(0, 1));
        assertTrue(member.updated(1, 0));
        assertTrue(member.updatedKey().contentEquals(key("1000")));
        member.concluded(false);
        assertTrue("a refusal keeps the old K_c", member.updatedKey().contentEquals(key("1011")));
        member.updated(0, 1);
        member.updated(1, 0);
        member.concluded(true);
        EprMember.Encode next = (EprMember.Encode) member.encode(0, new QubitRef("qr1", 0, 1));
        assertEquals("a pass installs the updated K_c", 1, next.basis());
        assertEquals(0, next.value());
    }

    @Test
    public void memberQubitsActOnlyOnQubitsTheMemberHolds() {
        SplittableRandom rng = new SplittableRandom(1);
        QuantumRegistry registry = new QuantumRegistry(rng);
        EprAuthentication.BellPair pair = EprAuthentication.prepareBellPair(registry, "kdc");
        QubitRef m = registry.transfer(pair.m(), "member");
        EprMember member = new EprMember(key("0000"));
        MemberQubits qubits = new MemberQubits(registry);
        EprMember.Encode e = (EprMember.Encode) member.encode(0, m);
        QubitRef f = qubits.encode(e);
        assertEquals("f is the member's until it sends it", "member", registry.owner(f));
        registry.transfer(f, "kdc");
        assertThrows("no second copy of f from the moved ref", IllegalStateException.class,
                () -> registry.apply(f, SingleQubitGate.X));
        EprMember.Encode forged = new EprMember.Encode(pair.s(), 0, 0);
        registry.transfer(pair.s(), "elsewhere");
        assertThrows("a stale ref is refused", IllegalStateException.class, () -> qubits.encode(forged));
        assertEquals("a gone m measures as -1", -1, qubits.measure(new EprMember.BellCheck(forged.m()), rng));
    }

    @Test
    public void aSeededImpostorFailsTheSameRoundsWhateverKcTheCsprngGave() {
        // Her guess is K_c XOR a seeded mask and the KDC asks f "are you v?": the failed rounds then
        // depend on the seed alone. Fifty K_c, one seed: one count (an independent guess would spread
        // as Bin(64, 1/2), σ = 4).
        int first = -1;
        for (long k = 0; k < 50; k++) {
            BitVector kc = BitVector.random(128, new SplittableRandom(1000 + k));
            EprSessionResult r = EprSession.run(Mode.HARDENED, kc, 64, new EprAttacker.Impostor(), 0.25,
                    new SplittableRandom(9));
            if (first < 0) {
                first = r.failedRounds();
            }
            assertEquals("K_c #" + k, first, r.failedRounds());
        }
        assertNotEquals(0, first);
    }

    @Test
    public void streamsDependOnSeedAndLabelOnly() {
        assertEquals(Streams.seed(7, "member:a1"), Streams.seed(7, "member:a1"));
        assertNotEquals(Streams.seed(7, "member:a1"), Streams.seed(7, "member:a2"));
        assertNotEquals(Streams.seed(7, "member:a1"), Streams.seed(8, "member:a1"));
        assertNotEquals("labels are not concatenated ambiguously", Streams.seed(7, "ab"), Streams.seed(7, "a"));
        assertEquals(Streams.of(7, "x").nextLong(), Streams.of(7, "x").nextLong());
    }
}
