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
 * Toeplitz privacy amplification, output {@code m = n/2}: the FFT (SIMD butterflies) on one and
 * two threads, the scalar one-thread FFT it replaced ({@code baseline}), the prime-field NTT
 * measured as the alternative ({@code ntt}, {@link ToeplitzNtt}) and, at {@code n = 10^5}, the
 * word-level reference. Mbit/s = blockBits / (ms per op) / 1000.
 * Run: see README "Benchmarks" ({@code org.openjdk.jmh.Main PrivacyAmplificationJmh}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--add-modules", "jdk.incubator.vector"})
public class PrivacyAmplificationJmh {
    @Param({"100000", "1000000", "10000000"})
    int blockBits;

    @Param({"1", "2"})
    int threads;

    BitVector key;
    BitVector seed;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(2024);
        key = BitVector.random(blockBits, rnd);
        seed = BitVector.random(ToeplitzHash.seedLength(blockBits, blockBits / 2), rnd);
    }

    @Benchmark
    public BitVector fft() {
        return ToeplitzHash.hash(key, blockBits / 2, seed, threads);
    }

    /** The scalar FFT on one thread: the hash before issue 13. */
    @Benchmark
    public BitVector baseline() {
        if (threads != 1) {
            return key;
        }
        return ToeplitzHash.hashBaseline(key, blockBits / 2, seed);
    }

    /** Exact NTT modulo 7·2^26+1 (measured alternative, one thread). */
    @Benchmark
    public long[] ntt() {
        if (threads != 1) {
            return key.words();
        }
        return ToeplitzNtt.toeplitzBits(key, blockBits / 2, seed);
    }

    /** The word-level product, O(m·n/64): only meaningful at small sizes (the others return at once). */
    @Benchmark
    public BitVector reference() {
        if (blockBits > 100_000 || threads != 1) {
            return key;
        }
        return ToeplitzHash.hashReference(key, blockBits / 2, seed);
    }
}
