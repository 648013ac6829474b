package io.qmkdc.qkd;

import static org.junit.Assert.assertEquals;

import io.qmkdc.optics.EavesdropperStrategy;
import io.qmkdc.optics.LinkEmulator;
import io.qmkdc.optics.LinkProfile;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.Test;

/**
 * Fixed seeds, fixed outputs: every field of the link report but the wall-clock ones, and digests
 * of each end's sifted, corrected and final keys, recorded from the pipeline before the real-time
 * work of issue 13. A faster emulation, sifting or hashing must not move a single bit or draw a
 * different random number; the two-thread run must give the same as the one-thread run.
 */
public class LinkPipelineGoldenTest {
    private static final LinkProfile GYS = LinkProfile.gys();
    private static final Set<String> WALL_CLOCK = Set.of("wallSeconds", "realTimeFactor", "stageSeconds");

    /** 0 km, one batch; 10 km in batches of at most 2^14 detections; a full intercept-resend (aborts). */
    static final Case[] CASES = {
        new Case(0, 30_000_000L, new EavesdropperStrategy.None(), LinkEmulator.DEFAULT_MAX_DETECTIONS, 7),
        new Case(10, 60_000_000L, new EavesdropperStrategy.None(), 1 << 14, 8),
        new Case(5, 20_000_000L, new EavesdropperStrategy.InterceptResend(1.0), 1 << 16, 9),
    };

    record Case(double km, long pulses, EavesdropperStrategy eve, int maxDetections, long seed) {
        LinkPipeline.Settings settings() {
            return LinkPipeline.Settings.defaults(GYS, km, pulses, eve);
        }

        /** The run as {@link LinkPipeline#run(long, java.util.function.DoubleConsumer)} does it, with this batch bound. */
        String fingerprint() {
            SplittableRandom root = new SplittableRandom(seed);
            SplittableRandom physics = root.split();
            SplittableRandom protocol = root.split();
            LinkEmulator emulator = new LinkEmulator(GYS, km, eve, physics, maxDetections);
            Digests alice = new Digests();
            Digests bob = new Digests();
            LinkReport r = new LinkPipeline(settings()).run(seed, emulator, protocol, f -> { }, alice, bob);
            return report(r) + " alice " + alice + " bob " + bob;
        }

        /** Each round of a {@link LinkStream} of this link (default batches) on 1 or 2 threads. */
        List<String> stream(int rounds, int threads) {
            Digests[] alice = new Digests[rounds];
            Digests[] bob = new Digests[rounds];
            for (int r = 0; r < rounds; r++) {
                alice[r] = new Digests();
                bob[r] = new Digests();
            }
            LinkStream.Result result = new LinkStream(settings()).run(seed, rounds, threads, r -> alice[r], r -> bob[r]);
            List<String> out = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                out.add(report(result.rounds().get(r)) + " alice " + alice[r] + " bob " + bob[r]);
            }
            return out;
        }
    }

    /** Digests of the keys one end saw, in order. */
    static final class Digests implements Bb84Trace {
        private final List<String> seen = new ArrayList<>();

        @Override
        public void sifted(BitVector signal) {
            seen.add("sifted " + digest(signal));
        }

        @Override
        public void corrected(BitVector reconciled) {
            seen.add("corrected " + digest(reconciled));
        }

        @Override
        public void amplified(BitVector finalKey) {
            seen.add("final " + digest(finalKey));
        }

        private static String digest(BitVector v) {
            return v.length() + ":" + Integer.toHexString(Arrays.hashCode(v.words()));
        }

        @Override
        public String toString() {
            return seen.toString();
        }
    }

    /** Every component but the wall-clock ones, in declaration order. */
    static String report(LinkReport r) {
        StringBuilder s = new StringBuilder();
        try {
            for (RecordComponent c : LinkReport.class.getRecordComponents()) {
                if (!WALL_CLOCK.contains(c.getName())) {
                    s.append(c.getName()).append('=').append(c.getAccessor().invoke(r)).append(' ');
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        return s.toString().trim();
    }

    static final String[] GOLDEN = {
        "profile=gys distanceKm=0.0 eavesdropper=none keyLengthMethod=decoy-gllp seed=7 pulses=30000000 "
            + "detections=526380 sifted=256082 gain=0.02136920528380412 qber=0.0302616165560328 "
            + "qberUpper=0.07815342076619111 sampleSize=5122 aborted=false abortReason=null "
            + "y1Lower=0.040618073277109173 e1Upper=0.061061649236573236 "
            + "singlePhotonFraction=0.5604137099918309 reconciledBits=250960 cascadeBlocks=1 discardedBlocks=0 "
            + "leakedBits=59200 verificationBits=122 roundTrips=210 reconciliationEfficiency=1.122772310964634 "
            + "finalKeyBits=34609 keyLengthReason= securePerPulse=0.0011536333333333334 "
            + "secureBitsPerSecond=1153633.3333333335 eveKnownSiftedFraction=0.0 emulatedSeconds=0.03 "
            + "perIntensity=Intensities[signalGain=0.02136920528380412, decoyGain=0.004485023973576562, "
            + "vacuumGain=1.3344983503932266E-6, signalQber=0.03312220304433736, "
            + "decoyQber=0.03741857294349341] analytic=Analytic[gain=0.021370054258850964, "
            + "qber=0.03303791190975133, siftedPerPulse=0.008548021703540383, "
            + "securePerPulse=0.0019899152231262203, securePerPulseProfileF=0.0018158805067966207, "
            + "infiniteDecoySecurePerPulse=0.0020436626759747513, plobPerPulse=0.06642736173897601] "
            + "finiteKey=null alice [sifted 256082:82834e08, corrected 250960:4d0fbd9d, final 34609:b1faa016] "
            + "bob [sifted 256082:4145d2cc, corrected 250960:4d0fbd9d, final 34609:b1faa016]",
        "profile=gys distanceKm=10.0 eavesdropper=none keyLengthMethod=decoy-gllp seed=8 pulses=60000000 "
            + "detections=652701 sifted=317728 gain=0.013248490161510076 qber=0.032887490165224235 "
            + "qberUpper=0.07588299330182491 sampleSize=6355 aborted=false abortReason=null "
            + "y1Lower=0.025562165040645193 e1Upper=0.04956465049002197 "
            + "singlePhotonFraction=0.5692909028775278 reconciledBits=311373 cascadeBlocks=1 discardedBlocks=0 "
            + "leakedBits=68211 verificationBits=122 roundTrips=183 "
            + "reconciliationEfficiency=1.0561800117286204 finalKeyBits=58423 keyLengthReason= "
            + "securePerPulse=9.737166666666667E-4 secureBitsPerSecond=973716.6666666666 "
            + "eveKnownSiftedFraction=0.0 emulatedSeconds=0.06 "
            + "perIntensity=Intensities[signalGain=0.013248490161510076, decoyGain=0.0027965859582648966, "
            + "vacuumGain=2.1659934037170113E-6, signalQber=0.03263483230939672, "
            + "decoyQber=0.030807959721889235] analytic=Analytic[gain=0.013231831399476377, "
            + "qber=0.033060042864458676, siftedPerPulse=0.005292732559790552, "
            + "securePerPulse=0.001292684265694315, securePerPulseProfileF=0.0011110248518204973, "
            + "infiniteDecoySecurePerPulse=0.0012536416344802882, plobPerPulse=0.04059597987129254] "
            + "finiteKey=null alice [sifted 317728:de33b50b, corrected 311373:4f55ccf9, final 58423:17d6ee45] "
            + "bob [sifted 317728:8658de0c, corrected 311373:4f55ccf9, final 58423:17d6ee45]",
        "profile=gys distanceKm=5.0 eavesdropper=intercept-resend(fraction=1.0) "
            + "keyLengthMethod=decoy-gllp seed=9 pulses=20000000 detections=277049 sifted=135318 "
            + "gain=0.01687441740336967 qber=0.2644994458810491 qberUpper=0.33037713648787664 sampleSize=2707 "
            + "aborted=true abortReason=QBER upper bound 0.3304 >= threshold 0.1100 (observed 0.2645) "
            + "y1Lower=0.031146298322396328 e1Upper=0.38938960079214846 "
            + "singlePhotonFraction=0.5426876562493812 reconciledBits=0 cascadeBlocks=0 discardedBlocks=0 "
            + "leakedBits=0 verificationBits=0 roundTrips=0 reconciliationEfficiency=NaN finalKeyBits=0 "
            + "keyLengthReason=QBER upper bound 0.3304 >= threshold 0.1100 (observed 0.2645) "
            + "securePerPulse=0.0 secureBitsPerSecond=0.0 eveKnownSiftedFraction=0.4990350826660522 "
            + "emulatedSeconds=0.02 perIntensity=Intensities[signalGain=0.01687441740336967, "
            + "decoyGain=0.003540039733609886, vacuumGain=9.996221428300103E-7, signalQber=0.2682348246353035, "
            + "decoyQber=0.26428370391218686] analytic=Analytic[gain=0.01681973162187072, "
            + "qber=0.26652375902408876, siftedPerPulse=0.00672789264874829, "
            + "securePerPulse=0.001419880096440591, securePerPulseProfileF=0.001419880096440591, "
            + "infiniteDecoySecurePerPulse=0.0016002844037370267, plobPerPulse=0.051900974060502814] "
            + "finiteKey=null alice [sifted 135318:e1f709de] bob [sifted 135318:d15b6747]",
    };

    @Test
    public void oneThreadGivesTheRecordedReportsAndKeys() {
        for (int i = 0; i < CASES.length; i++) {
            assertEquals("case " + CASES[i], GOLDEN[i], CASES[i].fingerprint());
        }
    }

    @Test
    public void aStreamStartsWithThePipelineRunAndGivesTheSameRoundsOnTwoThreads() {
        List<String> one = CASES[0].stream(3, 1);
        assertEquals("round 0 is LinkPipeline.run", GOLDEN[0], one.get(0));
        assertEquals(one, CASES[0].stream(3, 2));
        assertEquals("later rounds are new rounds", 3, new java.util.HashSet<>(one).size());
        List<String> aborted = CASES[2].stream(2, 1);
        assertEquals(aborted, CASES[2].stream(2, 2));
    }
}
