package io.qmkdc.optics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Emulates one BB84 decoy-state link (DESIGN §3) pulse by pulse, at a cost proportional to the
 * detections, not the pulses.
 *
 * <p>Model (exact; {@link ChannelExpectation} gives its expectations):
 * <ul>
 * <li>Source: each pulse independently has intensity class signal μ, decoy ν or vacuum 0 with the
 *     profile's probabilities; photon number n ~ Poisson(μ_k) (tail below 1e-15 dropped);
 *     Alice's basis and bit and Bob's basis uniform and independent (symmetric BB84).</li>
 * <li>Channel: fiber t = 10^(−αL/10), detector η_det; each photon survives with T = t·η_det,
 *     unless the {@link EavesdropperStrategy} replaces the channel for that photon number.</li>
 * <li>Receiver ({@link DetectorModel}): two threshold detectors with dark counts p_d,
 *     1 − (1 − p_d)² = Y0; a photon goes to the wrong detector with probability e_d when bases
 *     match, to a random one when they differ; a double click gets a random bit.</li>
 * </ul>
 *
 * <p>Sampling: pulses click independently with the known probability p = Σ_k P(k) Q_k, so the
 * gaps between clicking pulses are geometric and drawn by inversion, G = ⌊ln U / ln(1 − p)⌋
 * (Devroye 1986, §X.2). Each click's hidden state is drawn from its exact conditional law given a
 * click with an alias table over {@link ClickTable}; Alice's basis and bit and the double-click
 * coin come from the low bits of the same 64-bit draw. Two draws per detection, none per silent
 * pulse. Class counts of the silent pulses are a multinomial with P(k | no click), drawn with
 * exact binomials ({@link BinomialSampler}), since gains are estimated from them.
 *
 * <p>A batch covers at most the requested pulses and at most {@code maxDetectionsPerBatch}
 * detections; it ends early at the detection that fills it. Because the process is memoryless,
 * restarting the gap draw at a batch boundary keeps the pulse stream exactly distributed, so any
 * split into batches is statistically the same stream. Columns may be longer than
 * {@code size()}; {@code photonNumber} saturates at 127. Eve's side information per detection is
 * in {@link #nextTappedBatch}.
 */
public final class LinkEmulator {

    /** Default bound on detections per batch (about 30 MB of columns). */
    public static final int DEFAULT_MAX_DETECTIONS = 1 << 21;

    private final ChannelExpectation expectation;
    private final RandomGenerator rng;
    private final int maxDetections;
    private final AliasTable alias;
    private final double clickProbability;
    private final double logNoClick;
    private final double[] silentClass = new double[3];
    private long nextPulse;

    public LinkEmulator(LinkProfile profile, double distanceKm, EavesdropperStrategy strategy, RandomGenerator rng) {
        this(profile, distanceKm, strategy, rng, DEFAULT_MAX_DETECTIONS);
    }

    public LinkEmulator(LinkProfile profile, double distanceKm, EavesdropperStrategy strategy, RandomGenerator rng,
                        int maxDetectionsPerBatch) {
        if (maxDetectionsPerBatch < 1) {
            throw new IllegalArgumentException("maxDetectionsPerBatch must be >= 1, got " + maxDetectionsPerBatch);
        }
        if (rng == null || strategy == null) {
            throw new IllegalArgumentException("rng and strategy must not be null");
        }
        ClickTable table = new ClickTable(profile, distanceKm, strategy);
        this.expectation = new ChannelExpectation(profile, distanceKm, strategy, table);
        this.rng = rng;
        this.maxDetections = maxDetectionsPerBatch;
        this.clickProbability = table.clickProbability;
        this.alias = clickProbability > 0 ? new AliasTable(table.weight, table.code) : null;
        this.logNoClick = Math.log1p(-clickProbability);
        for (int k = 0; k < 3; k++) {
            silentClass[k] = Math.max(0.0, table.classProbability[k] - table.classClick[k]);
        }
    }

    /** Exact expectations of this link, for comparison with what it emits. */
    public ChannelExpectation expectation() {
        return expectation;
    }

    /** Index of the next pulse to be emulated (pulses emulated so far). */
    public long nextPulse() {
        return nextPulse;
    }

    /** The next batch: up to {@code maxPulses} pulses, fewer if the detection bound fills first. */
    public DetectionBatch nextBatch(long maxPulses) {
        return nextTappedBatch(maxPulses).detections();
    }

    /** Exactly {@code pulses} pulses, as consecutive batches handed to {@code sink}. */
    public void emulate(long pulses, Consumer<? super TappedBatch> sink) {
        if (pulses < 0) {
            throw new IllegalArgumentException("pulses must be >= 0, got " + pulses);
        }
        long end = nextPulse + pulses;
        do {
            sink.accept(nextTappedBatch(end - nextPulse));
        } while (nextPulse < end);
    }

    /** Exactly {@code pulses} pulses as a list of batches; for streams too large to hold, use the sink form. */
    public List<DetectionBatch> emulate(long pulses) {
        List<DetectionBatch> out = new ArrayList<>();
        emulate(pulses, b -> out.add(b.detections()));
        return out;
    }

    /** Like {@link #nextBatch} with Eve's side information per detection. */
    public TappedBatch nextTappedBatch(long maxPulses) {
        if (maxPulses < 0 || nextPulse > Long.MAX_VALUE - maxPulses) {
            throw new IllegalArgumentException("maxPulses must be >= 0 and keep the pulse index in range, got " + maxPulses);
        }
        long first = nextPulse;
        long end = first + maxPulses;
        Columns col = new Columns(initialCapacity(maxPulses), maxDetections);
        long[] detectedPerClass = new long[3];
        long pos = first;
        if (clickProbability > 0) {
            while (col.size < maxDetections) {
                double gap = Math.log(1.0 - rng.nextDouble()) / logNoClick;
                if (!(gap < end - pos)) {
                    pos = end;
                    break;
                }
                pos += (long) gap;
                long bits = rng.nextLong();
                detectedPerClass[col.add(pos, alias.sample(bits), bits)]++;
                pos++;
            }
        } else {
            pos = end;
        }
        nextPulse = pos;
        long[] perClass = silentClassCounts(pos - first - col.size);
        for (int k = 0; k < 3; k++) {
            perClass[k] += detectedPerClass[k];
        }
        DetectionBatch batch = new DetectionBatch(first, pos - first, perClass, col.size, col.pulseIndex,
                col.intensity, col.aliceBasis, col.aliceBit, col.bobBasis, col.bobBit, col.doubleClick, col.photons);
        return new TappedBatch(batch, col.eveKnows);
    }

    private int initialCapacity(long maxPulses) {
        double mean = clickProbability * (double) maxPulses;
        double guess = mean + 6 * Math.sqrt(mean) + 16;
        return (int) Math.min(maxDetections, guess);
    }

    private long[] silentClassCounts(long silent) {
        double total = silentClass[0] + silentClass[1] + silentClass[2];
        long signal = total > 0 ? BinomialSampler.sample(silent, Math.min(1.0, silentClass[0] / total), rng) : 0;
        double rest = silentClass[1] + silentClass[2];
        long decoy = rest > 0 ? BinomialSampler.sample(silent - signal, Math.min(1.0, silentClass[1] / rest), rng) : 0;
        return new long[] {signal, decoy, silent - signal - decoy};
    }

    /** Growable struct-of-arrays; one detection's state comes from one alias code and the draw's low bits. */
    private static final class Columns {
        long[] pulseIndex;
        byte[] intensity;
        byte[] aliceBasis;
        byte[] aliceBit;
        byte[] bobBasis;
        byte[] bobBit;
        boolean[] doubleClick;
        byte[] photons;
        boolean[] eveKnows;
        int size;
        private final int limit;

        Columns(int capacity, int limit) {
            this.limit = limit;
            allocate(Math.max(1, Math.min(capacity, limit)));
        }

        private void allocate(int capacity) {
            pulseIndex = pulseIndex == null ? new long[capacity] : Arrays.copyOf(pulseIndex, capacity);
            intensity = intensity == null ? new byte[capacity] : Arrays.copyOf(intensity, capacity);
            aliceBasis = aliceBasis == null ? new byte[capacity] : Arrays.copyOf(aliceBasis, capacity);
            aliceBit = aliceBit == null ? new byte[capacity] : Arrays.copyOf(aliceBit, capacity);
            bobBasis = bobBasis == null ? new byte[capacity] : Arrays.copyOf(bobBasis, capacity);
            bobBit = bobBit == null ? new byte[capacity] : Arrays.copyOf(bobBit, capacity);
            doubleClick = doubleClick == null ? new boolean[capacity] : Arrays.copyOf(doubleClick, capacity);
            photons = photons == null ? new byte[capacity] : Arrays.copyOf(photons, capacity);
            eveKnows = eveKnows == null ? new boolean[capacity] : Arrays.copyOf(eveKnows, capacity);
        }

        /** Appends the detection at {@code pulse} with hidden state {@code code}; returns its intensity class. */
        int add(long pulse, int code, long bits) {
            if (size == pulseIndex.length) {
                allocate((int) Math.min(2L * size, limit));
            }
            int a = (int) bits & 1;
            int x = (int) (bits >>> 1) & 1;
            int pattern = ClickTable.patternOf(code);
            // Without branches (the pattern is random, branches would mispredict): one click gives
            // x, or x flipped when it is the wrong detector; a double click the coin of bit 2.
            int both = pattern == ClickTable.BOTH ? 1 : 0;
            int single = (x ^ (pattern == ClickTable.ONLY_WRONG ? 1 : 0)) & (both - 1);
            int bob = single | ((int) (bits >>> 2) & both);
            int k = ClickTable.intensityOf(code);
            pulseIndex[size] = pulse;
            intensity[size] = (byte) k;
            aliceBasis[size] = (byte) a;
            aliceBit[size] = (byte) x;
            bobBasis[size] = (byte) (a ^ (ClickTable.basesMatch(code) ? 0 : 1));
            bobBit[size] = (byte) bob;
            doubleClick[size] = pattern == ClickTable.BOTH;
            photons[size] = (byte) Math.min(ClickTable.photonsOf(code), Byte.MAX_VALUE);
            eveKnows[size] = ClickTable.eveKnows(code);
            size++;
            return k;
        }
    }
}
