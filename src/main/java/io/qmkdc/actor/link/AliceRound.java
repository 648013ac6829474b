package io.qmkdc.actor.link;

import io.qmkdc.optics.DetectionBatch;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.qkd.CascadeResponder;
import io.qmkdc.qkd.CascadeSchedule;
import io.qmkdc.qkd.CascadeShuffle;
import io.qmkdc.qkd.DecoyAnalysis;
import io.qmkdc.qkd.KeyLength;
import io.qmkdc.qkd.KeyVerification;
import io.qmkdc.qkd.ParameterEstimation;
import io.qmkdc.qkd.ParityRequest;
import io.qmkdc.qkd.SiftedKey;
import io.qmkdc.qkd.SiftedKeyAccumulator;
import io.qmkdc.qkd.ToeplitzHash;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Alice's computation for one BB84 round, step by step as the terminal's messages arrive (the
 * same order as {@code qkd.LinkPipeline}): sifting, QBER sample and abort rule (paper eq. 4),
 * vacuum + weak decoy bounds, Cascade parity answers, verification tags, key length and Toeplitz
 * privacy amplification. No actor code: {@link LinkAlice} carries the messages.
 */
final class AliceRound {
    /** What to do next. */
    sealed interface Next {
    }

    record Wait() implements Next {
    }

    record Send(List<Steps.Step> steps) implements Next {
    }

    /** The round ended; {@code toTerminal} (may be null) is the last message to send. */
    record Finish(LinkEvent event, Steps.Step toTerminal) implements Next {
    }

    private final String link;
    private final int round;
    private final LinkSettings settings;
    private final SplittableRandom random;
    private final ByteArrayOutputStream intensity = new ByteArrayOutputStream();
    private final ByteArrayOutputStream basis = new ByteArrayOutputStream();
    private final ByteArrayOutputStream bit = new ByteArrayOutputStream();
    private final long[] pulses = new long[3];
    private boolean framesDone;
    private byte[] bobBasis;
    private boolean sifted;
    private SiftedKey siftedKey;
    private long sampleSeed;
    private int sampleSize;
    private double qber = Double.NaN;
    private double qberUpper = Double.NaN;
    private DecoyAnalysis.Bounds bounds;
    private BitVector[] blocks;
    private CascadeResponder[] responders;
    private long leakedEc;
    private long siftedSignal;
    private BitVector finalKey;

    AliceRound(String link, int round, LinkSettings settings, SplittableRandom random) {
        this.link = link;
        this.round = round;
        this.settings = settings;
        this.random = random;
    }

    void addFrame(LinkAlice.Emitted e) {
        intensity.writeBytes(e.intensity());
        basis.writeBytes(e.basis());
        bit.writeBytes(e.bit());
        for (int c = 0; c < 3; c++) {
            pulses[c] += e.pulsesPerIntensity()[c];
        }
        framesDone |= e.last();
    }

    Next onStep(Steps.Step step) {
        if (step instanceof Steps.BobBases b) {
            bobBasis = b.basis();
            return maybeSift();
        }
        if (step instanceof Steps.Disclosed d) {
            return estimate(d);
        }
        if (step instanceof Steps.ParityQuestions q) {
            return answer(q);
        }
        if (step instanceof Steps.Corrected) {
            return tags();
        }
        if (step instanceof Steps.VerifyOutcome v) {
            return amplify(v);
        }
        if (step instanceof Steps.Abort a) {
            return new Finish(abort("terminal aborted: " + a.reason()), null);
        }
        return new Wait();
    }

    /** Sifting (BB84; paper eq. 3) once all frames and Bob's bases are in. */
    Next maybeSift() {
        if (!framesDone || bobBasis == null || sifted) {
            return new Wait();
        }
        sifted = true;
        byte[] a = basis.toByteArray();
        if (bobBasis.length != a.length) {
            return new Finish(abort("terminal announced " + bobBasis.length + " bases for " + a.length + " detections"),
                    new Steps.Abort(round, "detection count mismatch"));
        }
        byte[] in = intensity.toByteArray();
        int n = a.length;
        DetectionBatch batch = new DetectionBatch(0, pulses[0] + pulses[1] + pulses[2], pulses.clone(), n,
                new long[n], in, a, bit.toByteArray(), bobBasis, new byte[n], new boolean[n], new byte[n]);
        siftedKey = new SiftedKeyAccumulator().append(batch).snapshot();
        int signal = siftedKey.sifted(DetectionBatch.SIGNAL);
        siftedSignal = signal;
        sampleSize = new ParameterEstimation(settings.estimation()).sampleSize(signal);
        if (sampleSize < settings.estimation().minSample()) {
            String reason = "too few sifted bits: " + signal + " give a sample of " + sampleSize;
            return new Finish(abort(reason), new Steps.Abort(round, reason));
        }
        sampleSeed = random.nextLong();
        return new Send(List.of(new Steps.SiftAnnounce(round, a, in, sampleSeed, sampleSize)));
    }

    /** Parameter estimation (paper eq. 4) and decoy bounds (Ma et al. 2005); abort or start Cascade. */
    private Next estimate(Steps.Disclosed d) {
        BitVector alice = siftedKey.aliceKey(DetectionBatch.SIGNAL);
        int n = alice.length();
        BitVector mask = Sampling.mask(n, sampleSize, sampleSeed);
        BitVector mine = Sampling.pick(alice, mask, true);
        BitVector theirs = BitVector.wrap(d.sample(), d.sampleBits());
        BitVector decoy = BitVector.wrap(d.decoy(), d.decoyBits());
        BitVector vacuum = BitVector.wrap(d.vacuum(), d.vacuumBits());
        if (theirs.length() != sampleSize || decoy.length() != siftedKey.sifted(DetectionBatch.DECOY)
                || vacuum.length() != siftedKey.sifted(DetectionBatch.VACUUM)) {
            String reason = "disclosed bit counts do not match the sifting";
            return new Finish(abort(reason), new Steps.Abort(round, reason));
        }
        int errors = mine.hammingDistance(theirs);
        ParameterEstimation.Config pe = settings.estimation();
        qber = errors / (double) sampleSize;
        qberUpper = ParameterEstimation.upperBound(errors, sampleSize, n - sampleSize, pe.epsilon(), pe.bound());
        DecoyAnalysis.Observation obs = new DecoyAnalysis.Observation(siftedKey.pulses().clone(),
                siftedKey.detections().clone(), new long[] {n, decoy.length(), vacuum.length()},
                siftedKey.aliceKey(DetectionBatch.DECOY).hammingDistance(decoy),
                siftedKey.aliceKey(DetectionBatch.VACUUM).hammingDistance(vacuum));
        bounds = DecoyAnalysis.vacuumWeak(settings.profile().signalMu(), settings.profile().decoyNu(), obs,
                settings.fluctuation());
        if (qberUpper >= pe.qberThreshold()) {
            String reason = String.format("QBER %.4f (upper bound %.4f) >= threshold P_o %.4f", qber, qberUpper,
                    pe.qberThreshold());
            return new Finish(abort(reason), new Steps.Abort(round, reason));
        }
        if (!bounds.positive()) {
            String reason = "decoy analysis: single-photon yield lower bound Y1_L <= 0 "
                    + "(decoy gains do not fit an honest channel: photon-number-splitting signature)";
            return new Finish(abort(reason), new Steps.Abort(round, reason));
        }
        BitVector kept = Sampling.pick(alice, mask, false);
        int[] bounds = Sampling.blockBounds(kept.length(), settings.cascadeBlockBits());
        int count = bounds.length - 1;
        blocks = new BitVector[count];
        responders = new CascadeResponder[count];
        long[] seeds = new long[count];
        double scheduleQber = Math.min(0.25, Math.max(qber, 1e-3));
        for (int b = 0; b < count; b++) {
            blocks[b] = kept.slice(bounds[b], bounds[b + 1]);
            seeds[b] = random.nextLong();
            CascadeSchedule schedule = CascadeSchedule.optimized(scheduleQber, blocks[b].length());
            responders[b] = new CascadeResponder(blocks[b],
                    CascadeShuffle.create(blocks[b].length(), schedule.passes(), seeds[b]));
        }
        kept.wipe();
        siftedKey.wipe();
        return new Send(List.of(new Steps.Reconcile(round, qber, settings.cascadeBlockBits(), seeds)));
    }

    /** Cascade: Alice answers parity questions; every answered parity is leaked to Eve. */
    private Next answer(Steps.ParityQuestions q) {
        if (responders == null || q.block() < 0 || q.block() >= responders.length) {
            return new Wait();
        }
        BitVector parities = responders[q.block()].parities(new ParityRequest(q.pass(), q.start(), q.end()));
        leakedEc += q.pass().length;
        return new Send(List.of(new Steps.ParityAnswers(round, q.block(), Sampling.words(parities), q.pass().length)));
    }

    /** Verification (universal hash tags with fresh public keys, per block). */
    private Next tags() {
        int count = blocks.length;
        long[] k1 = new long[count];
        long[] k2 = new long[count];
        long[] h1 = new long[count];
        long[] h2 = new long[count];
        for (int b = 0; b < count; b++) {
            responders[b].wipe();
            KeyVerification.HashKey key = KeyVerification.HashKey.random(random);
            KeyVerification.Tag tag = KeyVerification.tag(blocks[b], key);
            k1[b] = key.k1();
            k2[b] = key.k2();
            h1[b] = tag.h1();
            h2[b] = tag.h2();
        }
        return new Send(List.of(new Steps.VerifyTags(round, k1, k2, h1, h2)));
    }

    /** Key length from the decoy bounds and leakage, then Toeplitz hashing with a public seed. */
    private Next amplify(Steps.VerifyOutcome v) {
        if (v.kept().length != blocks.length) {
            String reason = "verification outcome for " + v.kept().length + " of " + blocks.length + " blocks";
            return new Finish(abort(reason), new Steps.Abort(round, reason));
        }
        List<BitVector> keptBlocks = new ArrayList<>();
        int keptBits = 0;
        for (int b = 0; b < blocks.length; b++) {
            if (v.kept()[b]) {
                keptBlocks.add(blocks[b]);
                keptBits += blocks[b].length();
            }
        }
        long leakedVerification = (long) KeyVerification.TAG_BITS * blocks.length;
        KeyLength.Breakdown length = KeyLength.finite(keptBits, bounds, leakedEc, leakedVerification,
                settings.epsilonPrivacy());
        if (!length.positive()) {
            String reason = "no secure key: " + length.reason();
            return new Finish(abort(reason), new Steps.Abort(round, reason));
        }
        BitVector reconciled = concat(keptBlocks, keptBits);
        int m = (int) Math.min(length.length(), keptBits);
        BitVector seed = BitVector.random(ToeplitzHash.seedLength(keptBits, m), random);
        finalKey = ToeplitzHash.hash(reconciled, m, seed);
        reconciled.wipe();
        LinkEvent.Keyed keyed = new LinkEvent.Keyed(link, round, qber, qberUpper, siftedSignal,
                leakedEc + leakedVerification, m, 0);
        return new Finish(keyed, new Steps.Amplify(round, m, Sampling.words(seed), seed.length()));
    }

    static BitVector concat(List<BitVector> parts, int total) {
        BitVector out = new BitVector(total);
        int at = 0;
        for (BitVector p : parts) {
            for (int i = 0; i < p.length(); i++) {
                if (p.get(i)) {
                    out.set(at + i, true);
                }
            }
            at += p.length();
        }
        return out;
    }

    LinkEvent.Aborted abort(String reason) {
        return new LinkEvent.Aborted(link, round, qber, reason);
    }

    BitVector finalKey() {
        return finalKey;
    }

    void wipe() {
        if (siftedKey != null) {
            siftedKey.wipe();
        }
        if (blocks != null) {
            for (BitVector b : blocks) {
                b.wipe();
            }
        }
        if (finalKey != null) {
            finalKey.wipe();
        }
    }
}
