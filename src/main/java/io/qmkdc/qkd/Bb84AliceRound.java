package io.qmkdc.qkd;

import io.qmkdc.optics.DetectionBatch;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Alice's side of one BB84 round as a state machine (the way {@link CascadeSession} is Bob's side
 * of Cascade): her frames and Bob's {@link Bb84Step}s go in, the steps to send and at the end a
 * {@link Bb84Report} come out. Sifting ({@link Sifting}; paper eq. 3), QBER sample and abort rule
 * ({@link ParameterEstimation}; paper eq. 4), vacuum + weak decoy bounds ({@link DecoyAnalysis}),
 * Cascade parity answers, verification tags ({@link KeyVerification}), key length
 * ({@link KeyLength}) and privacy amplification ({@link PrivacyAmplification#apply}). No transport:
 * the link actors carry the steps over the network, {@link LinkPipeline} in process.
 *
 * <p>Every random choice (sample, shuffle seeds, hash keys, Toeplitz seeds) is drawn from the
 * round's stream in protocol order, so one seed gives one round whatever carries the messages.
 * Not thread-safe; one instance per round.
 */
public final class Bb84AliceRound {
    /** What to do after an input. */
    public sealed interface Next {
    }

    public record Wait() implements Next {
    }

    public record Send(List<Bb84Step> steps) implements Next {
    }

    /** The round ended with {@code report}; {@code toBob} are its last messages. */
    public record Finish(Bb84Report report, List<Bb84Step> toBob) implements Next {
    }

    private final int round;
    private final Bb84Settings settings;
    private final RandomGenerator random;
    private final Bb84Trace trace;
    private final ColumnQueue mine = new ColumnQueue(3);
    private final ColumnQueue bobBases = new ColumnQueue(1);
    private final SiftedKeyAccumulator sifting = new SiftedKeyAccumulator();
    private final long[] pulses = new long[3];
    private boolean framesDone;
    private boolean bobDone;
    private boolean finished;
    private SiftedKey sifted;
    private BitVector mask;
    private int sampleSize;
    private double qber = Double.NaN;
    private double qberUpper = Double.NaN;
    private DecoyAnalysis.Bounds bounds;
    private Bb84Blocks blocks;
    private BitVector finalKey;
    private Bb84Amplification.Hasher hasher = Bb84Amplification.DIRECT;

    public Bb84AliceRound(int round, Bb84Settings settings, RandomGenerator random, Bb84Trace trace) {
        this.round = round;
        this.settings = settings;
        this.random = random;
        this.trace = trace;
    }

    public int round() {
        return round;
    }

    /** One frame of Alice's record: per detection her intensity class, basis and bit; pulses per class of the frame. */
    public Next emitted(long[] pulsesPerIntensity, byte[] intensity, byte[] basis, byte[] bit, boolean last) {
        if (finished) {
            return new Wait();
        }
        mine.add(intensity, basis, bit);
        for (int c = 0; c < 3; c++) {
            pulses[c] += pulsesPerIntensity[c];
        }
        framesDone |= last;
        return sift();
    }

    /** A step from Bob. */
    public Next receive(Bb84Step step) {
        if (finished || step.round() != round) {
            return new Wait();
        }
        try {
            if (step instanceof Bb84Step.BobBases b) {
                return bases(b);
            }
            if (step instanceof Bb84Step.Disclosed d) {
                return estimate(d);
            }
            if (step instanceof Bb84Step.ParityQuestions q) {
                return blocks == null ? refuse("parity questions before Cascade") : new Send(List.of(blocks.answer(round, q)));
            }
            if (step instanceof Bb84Step.Corrected) {
                return blocks == null ? refuse("Corrected before Cascade") : new Send(List.of(blocks.tags(round)));
            }
            if (step instanceof Bb84Step.VerifyOutcome v) {
                return amplify(v);
            }
            if (step instanceof Bb84Step.Abort a) {
                return end("terminal aborted: " + a.reason(), List.of());
            }
            return refuse("unexpected " + step.getClass().getSimpleName());
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
            return refuse(step.getClass().getSimpleName() + " does not fit: " + e.getMessage());
        }
    }

    /** Ends the round from outside (a timeout, an exhausted MAC pool). */
    public Finish abort(String reason) {
        return end(reason, List.of());
    }

    private Next bases(Bb84Step.BobBases b) {
        if (bobDone) {
            return refuse("bases after the last");
        }
        if (b.first() != bobBases.total()) {
            return new Wait(); // an earlier chunk was lost or rejected: the round times out
        }
        bobBases.add(b.basis());
        bobDone = b.last();
        return sift();
    }

    /** Sifts the detections both records cover so far and announces her bases of them; the sample at the end. */
    private Next sift() {
        int n = (int) Math.min(mine.available(), bobBases.available());
        long first = mine.total() - mine.available();
        byte[][] a = mine.take(n);
        byte[] theirs = bobBases.take(n)[0];
        if (n > 0) {
            sifting.appendView(n, a[0], a[1], a[2], theirs, null);
            Arrays.fill(a[2], (byte) 0);
        }
        if (!framesDone || !bobDone) {
            return n == 0 ? new Wait()
                    : new Send(List.of(new Bb84Step.SiftAnnounce(round, first, a[1], a[0], false, new long[0], 0, 0)));
        }
        if (mine.total() != bobBases.total()) {
            return refuse("terminal announced " + bobBases.total() + " bases for " + mine.total() + " detections");
        }
        sifting.append(Sifting.pulses(pulses));
        sifted = sifting.snapshot();
        sifting.wipe();
        BitVector signal = sifted.aliceKey(DetectionBatch.SIGNAL);
        trace.sifted(signal);
        ParameterEstimation pe = new ParameterEstimation(settings.estimation());
        sampleSize = pe.sampleSize(signal.length());
        mask = pe.tooFew(signal.length()).isPresent() ? new BitVector(signal.length())
                : ParameterEstimation.sampleMask(signal.length(), sampleSize, random);
        return new Send(List.of(new Bb84Step.SiftAnnounce(round, first, a[1], a[0], true, Bb84Step.words(mask),
                signal.length(), mask.cardinality())));
    }

    /**
     * Decoy bounds from Bob's disclosed decoy and vacuum bits (also when the round aborts, for the
     * report), then the abort rule of paper eq. 4 and the decoy check; else Cascade starts.
     */
    private Next estimate(Bb84Step.Disclosed d) {
        if (sifted == null || bounds != null) {
            return refuse("disclosure out of order");
        }
        BitVector alice = sifted.aliceKey(DetectionBatch.SIGNAL);
        BitVector theirs = BitVector.wrap(d.sample(), d.sampleBits());
        BitVector decoy = BitVector.wrap(d.decoy(), d.decoyBits());
        BitVector vacuum = BitVector.wrap(d.vacuum(), d.vacuumBits());
        if (theirs.length() != mask.cardinality() || decoy.length() != sifted.sifted(DetectionBatch.DECOY)
                || vacuum.length() != sifted.sifted(DetectionBatch.VACUUM)) {
            return refuse("disclosed bit counts do not match the sifting");
        }
        int n = alice.length();
        bounds = DecoyAnalysis.vacuumWeak(settings.profile().signalMu(), settings.profile().decoyNu(),
                new DecoyAnalysis.Observation(sifted.pulses().clone(), sifted.detections().clone(),
                        new long[] {n, decoy.length(), vacuum.length()},
                        sifted.aliceKey(DetectionBatch.DECOY).hammingDistance(decoy),
                        sifted.aliceKey(DetectionBatch.VACUUM).hammingDistance(vacuum)),
                settings.fluctuation());
        ParameterEstimation pe = new ParameterEstimation(settings.estimation());
        Optional<ParameterEstimation.Aborted> tooFew = pe.tooFew(n);
        if (tooFew.isPresent()) {
            return end(tooFew.get().reason(), List.of(new Bb84Step.Abort(round, tooFew.get().reason())));
        }
        int errors = ParameterEstimation.sampled(alice, mask).hammingDistance(theirs);
        int kept = n - sampleSize;
        qber = errors / (double) sampleSize;
        qberUpper = ParameterEstimation.upperBound(errors, sampleSize, kept, settings.estimation().epsilon(),
                settings.estimation().bound());
        Optional<ParameterEstimation.Aborted> high = pe.exceeds(errors, sampleSize, kept);
        if (high.isPresent()) {
            return end(high.get().reason(), List.of(new Bb84Step.Abort(round, high.get().reason())));
        }
        if (!bounds.positive()) {
            String reason = "decoy analysis: single-photon yield lower bound Y1_L <= 0 "
                    + "(the decoy gains do not fit an honest channel: photon-number-splitting signature)";
            return end(reason, List.of(new Bb84Step.Abort(round, reason)));
        }
        BitVector key = ParameterEstimation.keep(alice, mask, kept);
        sifted.wipe();
        blocks = new Bb84Blocks(key, settings.cascadeBlockBits(), random, qber);
        key.wipe();
        return new Send(List.of(new Bb84Step.Reconcile(round, qber, settings.cascadeBlockBits(), blocks.seeds())));
    }

    /** Key length from the decoy bounds and the leakage, then Toeplitz hashing per amplification block. */
    private Next amplify(Bb84Step.VerifyOutcome v) {
        if (blocks == null || !blocks.tagged()) {
            return refuse("verification outcome before the tags");
        }
        if (v.kept().length != blocks.count()) {
            return refuse("verification outcome for " + v.kept().length + " of " + blocks.count() + " blocks");
        }
        BitVector reconciled = blocks.keep(v.kept());
        int keptBits = reconciled.length();
        trace.corrected(reconciled);
        KeyLength.Breakdown length = KeyLength.finite(keptBits, bounds, blocks.leakedEc(),
                blocks.leakedVerification(), settings.epsilonPrivacy());
        int m = (int) Math.min(length.length(), keptBits);
        if (m == 0) {
            reconciled.wipe();
            Bb84Report report = report(null, keptBits, length, 0);
            return finish(report, List.of(new Bb84Step.Abort(round, report.failure())));
        }
        Bb84Amplification.Drawn drawn = Bb84Amplification.draw(reconciled, m, settings.privacyBlockBits(), random,
                hasher);
        reconciled.wipe();
        finalKey = drawn.finalKey();
        trace.amplified(finalKey);
        return finish(report(null, keptBits, length, m), List.of(new Bb84Step.Amplify(round, m,
                settings.privacyBlockBits(), drawn.seeds(), drawn.seedBits())));
    }

    /** How her blocks are hashed (the in-process driver pairs them with Bob's; same bits). */
    void hashWith(Bb84Amplification.Hasher h) {
        hasher = h;
    }

    /** Alice's final key of a keyed round (the caller wipes it with {@link #wipe()}). */
    public BitVector finalKey() {
        return finalKey;
    }

    private Finish refuse(String reason) {
        return end(reason, List.of(new Bb84Step.Abort(round, reason)));
    }

    private Finish end(String reason, List<Bb84Step> toBob) {
        return finish(report(reason, 0, null, 0), toBob);
    }

    private Finish finish(Bb84Report report, List<Bb84Step> toBob) {
        if (!finished) {
            trace.finished(report);
        }
        finished = true;
        return new Finish(report, toBob);
    }

    private Bb84Report report(String abortReason, long reconciledBits, KeyLength.Breakdown length, long finalBits) {
        int siftedSignal = sifted == null ? 0 : sifted.sifted(DetectionBatch.SIGNAL);
        return new Bb84Report(round, siftedSignal, sampleSize, qber, qberUpper, bounds, abortReason, reconciledBits,
                blocks == null ? 0 : blocks.count(), blocks == null ? 0 : blocks.discarded(),
                blocks == null ? 0 : blocks.leakedEc(), blocks == null ? 0 : blocks.leakedVerification(),
                blocks == null ? 0 : blocks.roundTrips(), length, finalBits);
    }

    /** Alice's blocks before Cascade, for the in-process driver's ground truth. */
    BitVector[] blocks() {
        return blocks == null ? new BitVector[0] : blocks.keys();
    }

    public void wipe() {
        mine.wipe();
        bobBases.wipe();
        sifting.wipe();
        if (sifted != null) {
            sifted.wipe();
        }
        if (blocks != null) {
            blocks.wipe();
        }
        if (finalKey != null) {
            finalKey.wipe();
        }
    }
}
