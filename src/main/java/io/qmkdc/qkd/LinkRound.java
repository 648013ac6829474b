package io.qmkdc.qkd;

import io.qmkdc.optics.LinkTally;
import io.qmkdc.optics.TappedBatch;
import java.util.random.RandomGenerator;

/**
 * One BB84 round of an emulated link in flight (DESIGN §4): the emulated batches go in — tally,
 * sifting, and after the last one estimation and Cascade — and {@link #finish} runs what is left
 * and builds the report. With {@link #holdAmplification} the round stops before privacy
 * amplification, so that {@link LinkStream} can hash one round on one core while the next is
 * emulated on the other; every random choice still comes from this round's own stream, in
 * protocol order, so the keys do not depend on the threads.
 */
final class LinkRound {
    private final LinkPipeline.Settings settings;
    private final long seed;
    private final LinkTally tally = new LinkTally();
    private final Bb84InProcess round;
    private final long start = System.nanoTime();
    private long emulatedPulses;

    LinkRound(LinkPipeline.Settings settings, long seed, RandomGenerator protocol, Bb84Trace aliceTrace,
            Bb84Trace bobTrace) {
        this.settings = settings;
        this.seed = seed;
        this.round = new Bb84InProcess(settings.bb84(), protocol, aliceTrace, bobTrace);
    }

    /** Leaves privacy amplification to {@link #finish}, which may run on another thread. */
    LinkRound holdAmplification() {
        round.holdAmplification();
        return this;
    }

    /** One emulated batch; the round's post-processing up to amplification runs after its last. */
    void batch(TappedBatch tapped) {
        tally.add(tapped);
        emulatedPulses += tapped.detections().pulses();
        round.batch(tapped.detections(), emulatedPulses >= settings.pulses());
    }

    /** Fraction of the round's pulses emulated so far. */
    double progress() {
        return emulatedPulses / (double) settings.pulses();
    }

    /** Privacy amplification if it was held back, the check that both final keys agree, and the report. */
    LinkReport finish() {
        round.amplify();
        Bb84Report r = round.report();
        round.checkAndWipe();
        LinkReport.Stages stages = new LinkReport.Stages(
                LinkPipeline.seconds(System.nanoTime() - start) - round.totalSeconds(),
                round.seconds(Bb84InProcess.SIFTING), round.seconds(Bb84InProcess.ESTIMATION),
                round.seconds(Bb84InProcess.RECONCILIATION), round.seconds(Bb84InProcess.PRIVACY));
        LinkPipeline.Builder report = new LinkPipeline.Builder(settings, seed, tally,
                new double[] {r.qber(), r.qberUpper(), r.sampleSize()}, r.bounds());
        if (r.aborted()) {
            return report.aborted(r.abortReason(), start, stages);
        }
        double shannon = round.shannonBits();
        LinkPipeline.Reconciled reconciled = new LinkPipeline.Reconciled(r.reconciledBits(), r.blocks(),
                r.discardedBlocks(), r.leakedEcBits(), r.leakedVerificationBits(), r.roundTrips(),
                shannon > 0 ? r.leakedEcBits() / shannon : Double.NaN);
        return report.completed(reconciled, r.length().reason(), r.finalBits(), start, stages);
    }
}
