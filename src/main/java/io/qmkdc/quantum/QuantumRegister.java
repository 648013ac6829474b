package io.qmkdc.quantum;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * State vector of up to {@link #MAX_QUBITS} qubits as 2^n complex amplitudes (two double arrays).
 * Qubit {@code q} is bit {@code q} of the basis-state index. Gates H, X, Z, CNOT and any
 * {@link SingleQubitGate}; projective measurement in Z or X with collapse (DESIGN §3).
 *
 * <p>Not thread-safe and offers no copy of its state: callers go through {@link QuantumRegistry},
 * which owns registers and checks qubit handles.
 */
public final class QuantumRegister {
    /** 2^20 amplitudes = 16 MiB; the protocols here need 3. */
    public static final int MAX_QUBITS = 20;
    private static final double S = Math.sqrt(0.5);

    private int qubits;
    private double[] re;
    private double[] im;

    /** A register of {@code qubits} qubits in |0…0>. */
    public QuantumRegister(int qubits) {
        if (qubits < 1 || qubits > MAX_QUBITS) {
            throw new IllegalArgumentException("qubits must be in [1, " + MAX_QUBITS + "], was " + qubits);
        }
        this.qubits = qubits;
        this.re = new double[1 << qubits];
        this.im = new double[1 << qubits];
        re[0] = 1.0;
    }

    public int qubitCount() {
        return qubits;
    }

    /** Adds one qubit in |0> (state ⊗ |0>, new qubit most significant) and returns its index. */
    public int allocate() {
        if (qubits == MAX_QUBITS) {
            throw new IllegalStateException("register full: " + MAX_QUBITS + " qubits");
        }
        re = Arrays.copyOf(re, re.length << 1);
        im = Arrays.copyOf(im, im.length << 1);
        return qubits++;
    }

    public void h(int q) {
        apply(q, SingleQubitGate.H);
    }

    public void x(int q) {
        apply(q, SingleQubitGate.X);
    }

    public void z(int q) {
        apply(q, SingleQubitGate.Z);
    }

    public void apply(int q, SingleQubitGate u) {
        int bit = mask(q);
        for (int i = 0; i < re.length; i++) {
            if ((i & bit) != 0) {
                continue;
            }
            int j = i | bit;
            double ar = re[i], ai = im[i], br = re[j], bi = im[j];
            re[i] = u.u00re() * ar - u.u00im() * ai + u.u01re() * br - u.u01im() * bi;
            im[i] = u.u00re() * ai + u.u00im() * ar + u.u01re() * bi + u.u01im() * br;
            re[j] = u.u10re() * ar - u.u10im() * ai + u.u11re() * br - u.u11im() * bi;
            im[j] = u.u10re() * ai + u.u10im() * ar + u.u11re() * bi + u.u11im() * br;
        }
    }

    /** Controlled-NOT: flips {@code target} where {@code control} is 1. */
    public void cnot(int control, int target) {
        int c = mask(control);
        int t = mask(target);
        if (c == t) {
            throw new IllegalArgumentException("control and target must differ, both were " + control);
        }
        for (int i = 0; i < re.length; i++) {
            if ((i & c) != 0 && (i & t) == 0) {
                swap(re, i, i | t);
                swap(im, i, i | t);
            }
        }
    }

    /** Born probability that measuring {@code q} in {@code basis} gives {@code outcome} (no collapse). */
    public double probability(int q, Basis basis, int outcome) {
        int bit = mask(q);
        if (outcome != 0 && outcome != 1) {
            throw new IllegalArgumentException("outcome must be 0 or 1, was " + outcome);
        }
        double p = 0;
        for (int i = 0; i < re.length; i++) {
            if ((i & bit) != 0) {
                continue;
            }
            int j = i | bit;
            if (basis == Basis.Z) {
                int k = outcome == 0 ? i : j;
                p += re[k] * re[k] + im[k] * im[k];
            } else {
                double sign = outcome == 0 ? 1 : -1; // <±| = (<0| ± <1|)/√2
                double r = S * (re[i] + sign * re[j]);
                double m = S * (im[i] + sign * im[j]);
                p += r * r + m * m;
            }
        }
        return p;
    }

    /** Projective measurement of {@code q} in {@code basis}: draws the outcome, collapses, renormalises. */
    public int measure(int q, Basis basis, RandomGenerator rng) {
        double p0 = probability(q, basis, 0);
        int outcome = rng.nextDouble() < p0 ? 0 : 1;
        if (basis == Basis.X) {
            h(q); // X measurement = H, Z measurement, H back: leaves |+> or |->
        }
        collapseZ(q, outcome);
        if (basis == Basis.X) {
            h(q);
        }
        return outcome;
    }

    /** Real part of the amplitude of basis state {@code index} (diagnostics and tests). */
    public double amplitudeRe(int index) {
        return re[index];
    }

    public double amplitudeIm(int index) {
        return im[index];
    }

    /** Keeps the branch where {@code q} reads {@code outcome} in Z and renormalises it by its own norm. */
    private void collapseZ(int q, int outcome) {
        int bit = mask(q);
        double norm = 0;
        for (int i = 0; i < re.length; i++) {
            if (((i & bit) != 0) == (outcome == 1)) {
                norm += re[i] * re[i] + im[i] * im[i];
            } else {
                re[i] = 0.0;
                im[i] = 0.0;
            }
        }
        double scale = 1.0 / Math.sqrt(norm);
        for (int i = 0; i < re.length; i++) {
            re[i] *= scale;
            im[i] *= scale;
        }
    }

    private int mask(int q) {
        if (q < 0 || q >= qubits) {
            throw new IllegalArgumentException("qubit index must be in [0, " + qubits + "), was " + q);
        }
        return 1 << q;
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
