package io.qmkdc.quantum;

import io.qmkdc.qkd.BitVector;
import java.util.SplittableRandom;

/** Rough throughput of whole authentication rounds and of a 16-qubit register; run by hand, never asserted. */
public final class EprSessionBench {
    public static void main(String[] args) {
        int rounds = 200_000;
        BitVector kc = BitVector.random(2 * rounds, new SplittableRandom(1));
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            EprSessionResult r = EprSession.run(EprAuthentication.Mode.HARDENED, kc, rounds,
                    new EprAttacker.None(), 0.1, new SplittableRandom(rep));
            double us = (System.nanoTime() - t0) / 1e3 / rounds;
            System.out.printf("session rounds: %.2f us/round (%s)%n", us, r.passed() ? "passed" : "failed");
        }
        QuantumRegister reg = new QuantumRegister(16);
        SplittableRandom rng = new SplittableRandom(2);
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            int gates = 1000;
            for (int g = 0; g < gates; g++) {
                reg.h(g % 16);
                reg.cnot(g % 16, (g + 1) % 16);
            }
            double usPerGate = (System.nanoTime() - t0) / 1e3 / (2 * gates);
            t0 = System.nanoTime();
            for (int q = 0; q < 16; q++) {
                reg.measure(q, Basis.X, rng);
            }
            double usPerMeas = (System.nanoTime() - t0) / 1e3 / 16;
            System.out.printf("16-qubit register: %.1f us/gate, %.1f us/measurement%n", usPerGate, usPerMeas);
        }
    }
}
