package io.qmkdc.actor.link;

import io.qmkdc.optics.DetectionBatch;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.qkd.Cascade;
import io.qmkdc.qkd.CascadeSchedule;
import io.qmkdc.qkd.CascadeShuffle;
import io.qmkdc.qkd.KeyVerification;
import io.qmkdc.qkd.ParityOracle;
import io.qmkdc.qkd.ParityRequest;
import io.qmkdc.qkd.SiftedKey;
import io.qmkdc.qkd.SiftedKeyAccumulator;
import io.qmkdc.qkd.ToeplitzHash;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Bob's computation for one BB84 round. Cascade ({@code qkd.Cascade}) asks its {@link ParityOracle}
 * synchronously, so it runs on a worker thread whose oracle sends each batch of questions to Alice
 * and blocks until {@link LinkBob} hands over her answer: one batch, one authenticated round trip.
 */
final class BobRound {
    private final int round;
    private final LinkSettings settings;
    private final Consumer<Steps.Step> sender;
    private final ByteArrayOutputStream basis = new ByteArrayOutputStream();
    private final ByteArrayOutputStream bit = new ByteArrayOutputStream();
    private final LinkedBlockingQueue<Steps.ParityAnswers> answers = new LinkedBlockingQueue<>();
    private BitVector signal;
    private BitVector mask;
    private BitVector[] blocks;
    private long[] seeds;
    private double qber;
    private BitVector[] corrected;
    private volatile boolean cancelled;

    BobRound(int round, LinkSettings settings, Consumer<Steps.Step> sender) {
        this.round = round;
        this.settings = settings;
        this.sender = sender;
    }

    int round() {
        return round;
    }

    void addFrame(LinkBob.Detected d) {
        basis.writeBytes(d.basis());
        bit.writeBytes(d.bit());
    }

    byte[] bases() {
        return basis.toByteArray();
    }

    /** Sifting with Alice's bases; discloses decoy and vacuum bits in full and the sampled signal bits. */
    Steps.Step sift(Steps.SiftAnnounce s) {
        byte[] mine = basis.toByteArray();
        int n = mine.length;
        if (s.basis().length != n || s.intensity().length != n) {
            return new Steps.Abort(round, "terminal: announced " + s.basis().length + " bases for " + n + " detections");
        }
        DetectionBatch batch = new DetectionBatch(0, n, new long[3], n, new long[n], s.intensity(), s.basis(),
                new byte[n], mine, bit.toByteArray(), new boolean[n], new byte[n]);
        SiftedKey key = new SiftedKeyAccumulator().append(batch).snapshot();
        signal = key.bobKey(DetectionBatch.SIGNAL).copy();
        BitVector decoy = key.bobKey(DetectionBatch.DECOY);
        BitVector vacuum = key.bobKey(DetectionBatch.VACUUM);
        mask = Sampling.mask(signal.length(), s.sampleSize(), s.sampleSeed());
        BitVector sample = Sampling.pick(signal, mask, true);
        Steps.Disclosed d = new Steps.Disclosed(round, Sampling.words(decoy), decoy.length(), Sampling.words(vacuum),
                vacuum.length(), Sampling.words(sample), sample.length());
        key.wipe();
        return d;
    }

    void prepareCascade(Steps.Reconcile r) {
        BitVector kept = Sampling.pick(signal, mask, false);
        int[] bounds = Sampling.blockBounds(kept.length(), r.blockBits());
        blocks = new BitVector[bounds.length - 1];
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = kept.slice(bounds[b], bounds[b + 1]);
        }
        kept.wipe();
        seeds = r.shuffleSeeds();
        qber = Math.min(0.25, Math.max(r.qber(), 1e-3));
    }

    /** Worker thread: Cascade on every block through the message oracle. */
    BitVector[] runCascade() {
        if (seeds.length != blocks.length) {
            throw new IllegalStateException("Alice sent " + seeds.length + " shuffle seeds for " + blocks.length + " blocks");
        }
        BitVector[] out = new BitVector[blocks.length];
        for (int b = 0; b < blocks.length; b++) {
            CascadeSchedule schedule = CascadeSchedule.optimized(qber, blocks[b].length());
            CascadeShuffle shuffle = CascadeShuffle.create(blocks[b].length(), schedule.passes(), seeds[b]);
            out[b] = Cascade.reconcile(blocks[b], schedule, shuffle, oracle(b)).correctedKey();
        }
        return out;
    }

    private ParityOracle oracle(int block) {
        return (ParityRequest request) -> {
            sender.accept(new Steps.ParityQuestions(round, block, request.pass(), request.start(), request.end()));
            try {
                Steps.ParityAnswers a = answers.poll(settings.roundTimeout().toMillis(), TimeUnit.MILLISECONDS);
                if (a == null || cancelled) {
                    throw new IllegalStateException("no parity answer for block " + block);
                }
                if (a.block() != block || a.count() != request.size()) {
                    throw new IllegalStateException("parity answer for block " + a.block() + " does not match");
                }
                return BitVector.wrap(a.parities(), a.count());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        };
    }

    void answer(Steps.ParityAnswers a) {
        answers.add(a);
    }

    void corrected(BitVector[] keys) {
        corrected = keys;
    }

    /** Compares Alice's tags with ours; only matching blocks are kept. */
    Steps.Step verify(Steps.VerifyTags t) {
        if (corrected == null || t.k1().length != corrected.length) {
            return new Steps.Abort(round, "terminal: tags for " + t.k1().length + " blocks");
        }
        boolean[] kept = new boolean[corrected.length];
        for (int b = 0; b < corrected.length; b++) {
            KeyVerification.Tag mine = KeyVerification.tag(corrected[b], new KeyVerification.HashKey(t.k1()[b], t.k2()[b]));
            kept[b] = KeyVerification.compare(mine, new KeyVerification.Tag(t.h1()[b], t.h2()[b]), corrected[b].length())
                    instanceof KeyVerification.Verified;
        }
        List<BitVector> parts = new ArrayList<>();
        int total = 0;
        for (int b = 0; b < corrected.length; b++) {
            if (kept[b]) {
                parts.add(corrected[b]);
                total += corrected[b].length();
            }
        }
        BitVector reconciled = AliceRound.concat(parts, total);
        for (BitVector c : corrected) {
            c.wipe();
        }
        corrected = new BitVector[] {reconciled};
        return new Steps.VerifyOutcome(round, kept);
    }

    /** Privacy amplification with Alice's public seed. */
    BitVector amplify(Steps.Amplify a) {
        BitVector reconciled = corrected[0];
        BitVector seed = BitVector.wrap(a.seed(), a.seedBits());
        return ToeplitzHash.hash(reconciled, a.finalBits(), seed);
    }

    void wipe() {
        cancelled = true;
        answers.add(new Steps.ParityAnswers(round, -1, new long[0], 0));
        if (signal != null) {
            signal.wipe();
        }
        if (blocks != null) {
            for (BitVector b : blocks) {
                b.wipe();
            }
        }
        if (corrected != null) {
            for (BitVector c : corrected) {
                c.wipe();
            }
        }
    }
}
