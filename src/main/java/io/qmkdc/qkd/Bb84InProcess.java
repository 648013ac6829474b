package io.qmkdc.qkd;

import io.qmkdc.optics.DetectionBatch;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Both ends of one BB84 round in one loop: each detection batch goes to {@link Bb84AliceRound}
 * (her columns) and {@link Bb84BobRound} (his), and every step one of them sends is handed to the
 * other, in order, until the round ends — the same machines and messages as the link actors, with
 * a queue for a network. Being the emulation, it may also look at both keys: the error count of
 * each Cascade block (for the reconciliation efficiency), the final keys' agreement, and Bob's
 * verified key, so that both ends' privacy amplification is one paired hash
 * ({@link PairedAmplification}).
 */
final class Bb84InProcess {
    /** Wall time per stage: sifting, estimation, reconciliation, privacy amplification. */
    static final int SIFTING = 0;
    static final int ESTIMATION = 1;
    static final int RECONCILIATION = 2;
    static final int PRIVACY = 3;

    private record Delivery(boolean toAlice, Bb84Step step) {
    }

    private final Bb84AliceRound alice;
    private final Bb84BobRound bob;
    private final PairedAmplification amplification;
    private final ArrayDeque<Delivery> wire = new ArrayDeque<>();
    private final long[] nanos = new long[4];
    private Bb84Report report;
    private boolean bobDone;
    private boolean holdAmplification;
    private double shannon;

    Bb84InProcess(Bb84Settings settings, RandomGenerator random, Bb84Trace aliceTrace, Bb84Trace bobTrace) {
        alice = new Bb84AliceRound(0, settings, random, aliceTrace);
        bob = new Bb84BobRound(0, bobTrace);
        amplification = new PairedAmplification(bob::reconciled);
        alice.hashWith(amplification::alice);
        bob.hashWith(amplification::bob);
    }

    /** One batch of the emulation: each end gets its own columns, then the messages run. */
    void batch(DetectionBatch b, boolean last) {
        long t = System.nanoTime();
        int n = b.size();
        Bb84AliceRound.Next a = alice.emitted(b.pulsesPerIntensity(), exact(b.intensity(), n),
                exact(b.aliceBasis(), n), exact(b.aliceBit(), n), last);
        Bb84BobRound.Next m = bob.detected(exact(b.bobBasis(), n), exact(b.bobBit(), n), last);
        nanos[SIFTING] += System.nanoTime() - t;
        fromAlice(a);
        fromBob(m);
        run();
    }

    /** The first n entries; the batch's own column when it is that long (the batch is not used again). */
    private static byte[] exact(byte[] column, int n) {
        return column.length == n ? column : Arrays.copyOf(column, n);
    }

    /**
     * From now on the round stops before privacy amplification (the delivery of the verification
     * outcome), so that another thread can {@link #amplify} while the next round is emulated.
     */
    void holdAmplification() {
        holdAmplification = true;
    }

    /** Delivers what was held back: the privacy amplification of both ends and the round's end. */
    void amplify() {
        holdAmplification = false;
        run();
    }

    /** Delivers queued steps until none is left, or until privacy amplification when that is held. */
    private void run() {
        while (!wire.isEmpty()) {
            if (holdAmplification && wire.peek().step() instanceof Bb84Step.VerifyOutcome) {
                return;
            }
            Delivery d = wire.poll();
            long t = System.nanoTime();
            if (d.toAlice()) {
                fromAlice(alice.receive(d.step()));
            } else {
                fromBob(bob.receive(d.step()));
                if (d.step() instanceof Bb84Step.Reconcile) {
                    shannon = shannon(alice.blocks(), bob.blocks());
                }
            }
            nanos[stage(d.step())] += System.nanoTime() - t;
        }
    }

    private void fromAlice(Bb84AliceRound.Next next) {
        if (next instanceof Bb84AliceRound.Send s) {
            s.steps().forEach(step -> wire.add(new Delivery(false, step)));
        } else if (next instanceof Bb84AliceRound.Finish f) {
            report = f.report();
            f.toBob().forEach(step -> wire.add(new Delivery(false, step)));
        }
    }

    private void fromBob(Bb84BobRound.Next next) {
        if (next instanceof Bb84BobRound.Send s) {
            s.steps().forEach(step -> wire.add(new Delivery(true, step)));
        } else if (next instanceof Bb84BobRound.Finish f) {
            bobDone = true;
            f.toAlice().forEach(step -> wire.add(new Delivery(true, step)));
        }
    }

    /** Alice's report once the round is over (after the last batch). */
    Bb84Report report() {
        if (report == null || !bobDone) {
            throw new IllegalStateException("the round has not ended");
        }
        return report;
    }

    /** Σ n_b·h2(e_b / n_b) over the Cascade blocks, from the true error counts (NaN-free; 0 without blocks). */
    double shannonBits() {
        return shannon;
    }

    double seconds(int stage) {
        return nanos[stage] / 1e9;
    }

    double totalSeconds() {
        return (nanos[0] + nanos[1] + nanos[2] + nanos[3]) / 1e9;
    }

    /** Both final keys must agree after verification; then they are wiped. */
    void checkAndWipe() {
        if (report != null && report.keyed() && !alice.finalKey().contentEquals(bob.finalKey())) {
            throw new IllegalStateException("final keys differ after verification");
        }
        alice.wipe();
        bob.wipe();
        amplification.wipe();
    }

    private static double shannon(BitVector[] a, BitVector[] b) {
        double sum = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            sum += a[i].length() * ReconciliationResult.binaryEntropy(a[i].hammingDistance(b[i]) / (double) a[i].length());
        }
        return sum;
    }

    private static int stage(Bb84Step step) {
        if (step instanceof Bb84Step.BobBases || step instanceof Bb84Step.SiftAnnounce) {
            return SIFTING;
        }
        if (step instanceof Bb84Step.Disclosed) {
            return ESTIMATION;
        }
        if (step instanceof Bb84Step.VerifyOutcome || step instanceof Bb84Step.Amplify) {
            return PRIVACY;
        }
        return RECONCILIATION;
    }
}
