package io.qmkdc.qkd;

import io.qmkdc.optics.LinkEmulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.IntFunction;

/**
 * A link that keeps making key: consecutive BB84 rounds of {@code settings.pulses()} pulses each,
 * from one emulator (the pulse stream goes on) and one protocol stream per round. Round 0 is
 * exactly {@link LinkPipeline#run(long, java.util.function.DoubleConsumer)} with the same seed.
 *
 * <p>On two threads the rounds are pipelined: the caller emulates, sifts, estimates and
 * reconciles round r+1 while a helper amplifies round r — privacy amplification is about half of
 * the work at short distances, so the two stages are near balance. Each round draws only from its
 * own stream, so the reports and keys are those of one thread.
 */
public final class LinkStream {

    /** The rounds' reports, the emulated time at the profile's clock, and the wall time of all. */
    public record Result(List<LinkReport> rounds, double emulatedSeconds, double wallSeconds) {
        /** Emulated seconds per wall second; at least 1 keeps up with the link's own clock. */
        public double realTimeFactor() {
            return emulatedSeconds / wallSeconds;
        }

        public long finalKeyBits() {
            return rounds.stream().mapToLong(LinkReport::finalKeyBits).sum();
        }
    }

    /** What the reconciling stage hands to the amplifying one; no round means no more rounds. */
    private record Handoff(LinkRound round) {
    }

    private static final Handoff END = new Handoff(null);

    private final LinkPipeline.Settings settings;

    public LinkStream(LinkPipeline.Settings settings) {
        if (settings.keyLength() != LinkPipeline.KeyLengthMethod.DECOY_GLLP) {
            throw new IllegalArgumentException("a link stream runs BB84 rounds with decoy GLLP key length");
        }
        this.settings = settings;
    }

    /** {@code rounds} rounds on 1 thread or pipelined on 2. */
    public Result run(long seed, int rounds, int threads) {
        return run(seed, rounds, threads, r -> Bb84Trace.NONE, r -> Bb84Trace.NONE);
    }

    /** As {@link #run(long, int, int)}, with each end's trace of round r. */
    Result run(long seed, int rounds, int threads, IntFunction<Bb84Trace> aliceTraces,
            IntFunction<Bb84Trace> bobTraces) {
        if (rounds < 1 || threads < 1 || threads > 2) {
            throw new IllegalArgumentException("rounds >= 1 and threads 1 or 2, were " + rounds + ", " + threads);
        }
        long start = System.nanoTime();
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom physics = root.split();
        SplittableRandom protocol = root.split();
        SplittableRandom later = root.split();
        LinkEmulator emulator = new LinkEmulator(settings.profile(), settings.distanceKm(), settings.eavesdropper(),
                physics);
        // Round 0 draws from the stream LinkPipeline.run uses, each later round from its own split,
        // made here in round order by the one thread that opens rounds.
        IntFunction<LinkRound> open = r -> new LinkRound(settings, seed, r == 0 ? protocol : later.split(),
                aliceTraces.apply(r), bobTraces.apply(r));
        LinkReport[] reports = new LinkReport[rounds];
        if (threads == 1) {
            for (int r = 0; r < rounds; r++) {
                LinkRound round = open.apply(r);
                emulator.emulate(settings.pulses(), round::batch);
                reports[r] = round.finish();
            }
        } else {
            pipelined(emulator, open, reports);
        }
        double emulated = rounds * (double) settings.pulses() / settings.profile().repetitionRateHz();
        return new Result(new ArrayList<>(Arrays.asList(reports)), emulated,
                LinkPipeline.seconds(System.nanoTime() - start));
    }

    /**
     * The caller reconciles, a helper amplifies. The queue is not bounded: a waiting round holds
     * only its reconciled keys (a few MB), never the emulated batches.
     */
    private void pipelined(LinkEmulator emulator, IntFunction<LinkRound> open, LinkReport[] reports) {
        BlockingQueue<Handoff> handoff = new LinkedBlockingQueue<>();
        TwoThreads.run(true, () -> {
            try {
                for (int r = 0; r < reports.length; r++) {
                    LinkRound round = open.apply(r).holdAmplification();
                    emulator.emulate(settings.pulses(), round::batch);
                    handoff.add(new Handoff(round));
                }
            } finally {
                handoff.add(END);
            }
        }, () -> {
            for (int r = 0; ; r++) {
                Handoff h = take(handoff);
                if (h.round() == null) {
                    return;
                }
                reports[r] = h.round().finish();
            }
        });
    }

    private static Handoff take(BlockingQueue<Handoff> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a round to amplify", e);
        }
    }
}
