package io.qmkdc.quantum;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.SplittableRandom;
import org.junit.Test;

public class QuantumRegistryTest {
    private final SplittableRandom rng = new SplittableRandom(11);
    private final QuantumRegistry registry = new QuantumRegistry(new SplittableRandom(5));

    @Test
    public void transferKillsTheOldRef() {
        QubitRef a = registry.create("kdc");
        QubitRef b = registry.transfer(a, "member");
        assertNotEquals(a.token(), b.token());
        assertFalse(registry.isLive(a));
        assertTrue(registry.isLive(b));
        assertEquals("member", registry.owner(b));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> registry.apply(a, SingleQubitGate.H));
        assertTrue(e.getMessage(), e.getMessage().contains("stale") && e.getMessage().contains("moved"));
        assertThrows(IllegalStateException.class, () -> registry.measure(a, Basis.Z, rng));
        assertThrows(IllegalStateException.class, () -> registry.transfer(a, "eve"));
    }

    @Test
    public void releasedQubitIsRefusedAndRegisterDropped() {
        QubitRef s = registry.create("kdc");
        QubitRef m = registry.allocateBeside(s);
        registry.measureAndRelease(s, Basis.Z, rng);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry.measure(s, Basis.Z, rng));
        assertTrue(e.getMessage(), e.getMessage().contains("released"));
        assertEquals(1, registry.registerCount());
        registry.release(m);
        assertEquals(0, registry.registerCount());
        assertThrows(IllegalStateException.class, () -> registry.owner(m));
    }

    @Test
    public void discardingARegisterDropsEveryQubitWhoeverHoldsIt() {
        QubitRef s = registry.create("kdc");
        QubitRef m = registry.transfer(registry.allocateBeside(s), "member");
        QubitRef other = registry.create("kdc");
        registry.measureAndRelease(s, Basis.Z, rng);
        assertEquals(2, registry.liveQubitCount());
        assertEquals("only the member's m was live there", 1, registry.discardRegister(s.registerId()));
        assertEquals(1, registry.registerCount());
        assertEquals(1, registry.liveQubitCount());
        assertTrue(registry.isLive(other));
        assertFalse(registry.isLive(m));
        assertThrows(IllegalStateException.class, () -> registry.allocateBeside(m));
        assertEquals("already gone", 0, registry.discardRegister(s.registerId()));
    }

    @Test
    public void forgedTokenIsRefused() {
        QubitRef a = registry.create("kdc");
        QubitRef forged = new QubitRef(a.registerId(), a.index(), a.token() + 1);
        assertFalse(registry.isLive(forged));
        assertThrows(IllegalStateException.class, () -> registry.apply(forged, SingleQubitGate.X));
        assertFalse(a.toString().contains(Long.toString(a.token())));
    }

    @Test
    public void cnotNeedsOneOwnerAndOneRegister() {
        QubitRef s = registry.create("kdc");
        QubitRef m = registry.transfer(registry.allocateBeside(s), "member");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry.cnot(s, m));
        assertTrue(e.getMessage(), e.getMessage().contains("one owner"));
        QubitRef other = registry.create("kdc");
        assertThrows(IllegalArgumentException.class, () -> registry.cnot(s, other));
    }

    @Test
    public void entanglementSurvivesMovesAndLaterAllocation() {
        QubitRef s = registry.create("kdc");
        QubitRef m = registry.allocateBeside(s);
        registry.apply(s, SingleQubitGate.H);
        registry.cnot(s, m);
        m = registry.transfer(m, "member");
        QubitRef f = registry.allocateBeside(m);
        assertEquals("member", registry.owner(f));
        registry.cnot(m, f); // f now copies m's Z value, so s, m, f are all equal in Z
        int a = registry.measure(s, Basis.Z, rng);
        assertEquals(a, registry.measure(m, Basis.Z, rng));
        assertEquals(a, registry.measure(f, Basis.Z, rng));
    }

    @Test
    public void qubitHandleMovesAndCannotBeReused() {
        Qubit q = Qubit.create(registry, "kdc").h();
        Qubit moved = q.moveTo("member");
        assertFalse(q.isLive());
        assertTrue(moved.isLive());
        assertEquals("member", moved.owner());
        IllegalStateException e = assertThrows(IllegalStateException.class, q::x);
        assertTrue(e.getMessage(), e.getMessage().contains("stale"));
        Qubit f = moved.allocateBeside();
        Qubit.cnot(moved, f);
        assertEquals(moved.measure(Basis.Z, rng), f.measure(Basis.Z, rng));
        f.release();
        assertThrows(IllegalStateException.class, () -> f.measure(Basis.X, rng));
    }
}
