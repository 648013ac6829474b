package io.qmkdc.quantum;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.SplittableRandom;
import org.junit.Test;

public class QuantumRegisterTest {
    private static final double EPS = 1e-12;
    private static final double S = Math.sqrt(0.5);

    /** Expected amplitudes (real) of every basis state, index = qubit bits. */
    private static void assertReal(QuantumRegister r, double... expected) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals("re[" + i + "]", expected[i], r.amplitudeRe(i), EPS);
            assertEquals("im[" + i + "]", 0.0, r.amplitudeIm(i), EPS);
        }
    }

    @Test
    public void hadamardMakesPlusAndMinus() {
        QuantumRegister r = new QuantumRegister(1);
        r.h(0);
        assertReal(r, S, S);
        r = new QuantumRegister(1);
        r.x(0);
        r.h(0);
        assertReal(r, S, -S);
        r.h(0); // H is its own inverse
        assertReal(r, 0, 1);
    }

    @Test
    public void zFlipsThePhaseOfOneOnly() {
        QuantumRegister r = new QuantumRegister(1);
        r.h(0);
        r.z(0);
        assertReal(r, S, -S);
        assertEquals(1.0, r.probability(0, Basis.X, 1), EPS);
    }

    @Test
    public void cnotTruthTable() {
        for (int in = 0; in < 4; in++) {
            QuantumRegister r = new QuantumRegister(2);
            if ((in & 1) != 0) {
                r.x(0);
            }
            if ((in & 2) != 0) {
                r.x(1);
            }
            r.cnot(0, 1); // control qubit 0 (bit 0), target qubit 1 (bit 1)
            int out = (in & 1) == 1 ? in ^ 2 : in;
            double[] expected = new double[4];
            expected[out] = 1;
            assertReal(r, expected);
        }
    }

    @Test
    public void bellStateFromHadamardAndCnot() {
        QuantumRegister r = new QuantumRegister(2);
        r.h(0);
        r.cnot(0, 1);
        assertReal(r, S, 0, 0, S);
        assertEquals(0.5, r.probability(1, Basis.Z, 0), EPS);
        assertEquals(0.5, r.probability(1, Basis.X, 0), EPS);
    }

    @Test
    public void allocateTensorsWithZero() {
        QuantumRegister r = new QuantumRegister(1);
        r.h(0);
        assertEquals(1, r.allocate());
        assertEquals(2, r.qubitCount());
        assertReal(r, S, S, 0, 0);
        r.cnot(0, 1);
        assertReal(r, S, 0, 0, S);
    }

    @Test
    public void measurementCollapsesTheBellPartner() {
        for (long seed = 0; seed < 20; seed++) {
            QuantumRegister r = new QuantumRegister(2);
            r.h(0);
            r.cnot(0, 1);
            int a = r.measure(0, Basis.Z, new SplittableRandom(seed));
            assertEquals(1.0, r.probability(1, Basis.Z, a), EPS);
            assertEquals(1.0, r.probability(0, Basis.Z, 0) + r.probability(0, Basis.Z, 1), EPS);
        }
    }

    @Test
    public void xMeasurementLeavesAnXEigenstate() {
        for (long seed = 0; seed < 20; seed++) {
            QuantumRegister r = new QuantumRegister(1);
            int a = r.measure(0, Basis.X, new SplittableRandom(seed));
            assertEquals(1.0, r.probability(0, Basis.X, a), EPS);
            assertReal(r, S, a == 0 ? S : -S);
        }
    }

    @Test
    public void certainOutcomesAreDrawnWithCertainty() {
        QuantumRegister r = new QuantumRegister(1);
        r.x(0);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 100; i++) {
            assertEquals(1, r.measure(0, Basis.Z, rng));
        }
    }

    @Test
    public void generalGateRotatesAndRejectsNonUnitary() {
        QuantumRegister r = new QuantumRegister(1);
        r.apply(0, SingleQubitGate.rotation(Math.PI / 6));
        assertReal(r, Math.cos(Math.PI / 6), Math.sin(Math.PI / 6));
        assertEquals(0.25, r.probability(0, Basis.Z, 1), EPS);
        // S gate diag(1, i) is unitary with complex entries: |+> -> (|0> + i|1>)/√2
        QuantumRegister c = new QuantumRegister(1);
        c.h(0);
        c.apply(0, new SingleQubitGate(1, 0, 0, 0, 0, 0, 0, 1));
        assertEquals(S, c.amplitudeIm(1), EPS);
        assertEquals(0.5, c.probability(0, Basis.X, 0), EPS);
        assertThrows(IllegalArgumentException.class, () -> new SingleQubitGate(1, 0, 1, 0, 0, 0, 1, 0));
    }

    @Test
    public void argumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new QuantumRegister(0));
        assertThrows(IllegalArgumentException.class, () -> new QuantumRegister(QuantumRegister.MAX_QUBITS + 1));
        QuantumRegister r = new QuantumRegister(2);
        assertThrows(IllegalArgumentException.class, () -> r.cnot(1, 1));
        assertThrows(IllegalArgumentException.class, () -> r.h(2));
        assertThrows(IllegalArgumentException.class, () -> r.probability(0, Basis.Z, 2));
    }
}
