package io.qmkdc.qkd;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cascade reconciliation in process (responder and initiator in one JVM), optimized and
 * original schedules, at 10^4, 10^5 and 10^6 bits and 1 / 2 / 5 % QBER. Efficiency and round
 * trips are reported by {@code deploy/qmkdc bench}; this measures time only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CascadeJmh {
    @Param({"10000", "100000", "1000000"})
    int blockBits;

    @Param({"0.01", "0.02", "0.05"})
    double qber;

    BitVector alice;
    BitVector bob;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(20240601L);
        alice = BitVector.random(blockBits, rnd);
        bob = alice.copy();
        for (int i = 0; i < blockBits; i++) {
            if (rnd.nextDouble() < qber) {
                bob.flip(i);
            }
        }
    }

    @Benchmark
    public ReconciliationResult optimized() {
        return Cascade.reconcileInProcess(alice, bob, CascadeSchedule.optimized(qber, blockBits), 42);
    }

    @Benchmark
    public ReconciliationResult original() {
        return Cascade.reconcileInProcess(alice, bob, CascadeSchedule.original(qber, blockBits), 42);
    }
}
