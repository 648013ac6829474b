package io.qmkdc.actor.link;

import io.qmkdc.optics.DetectionBatch;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.qkd.CascadeSchedule;
import io.qmkdc.qkd.CascadeSession;
import io.qmkdc.qkd.CascadeShuffle;
import io.qmkdc.qkd.KeyVerification;
import io.qmkdc.qkd.SiftedKey;
import io.qmkdc.qkd.SiftedKeyAccumulator;
import io.qmkdc.qkd.ToeplitzHash;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Bob's computation for one BB84 round. Cascade runs block after block as a {@link CascadeSession}:
 * each of its parity requests becomes one authenticated {@link Steps.ParityQuestions} to Alice, and
 * her {@link Steps.ParityAnswers} moves the session on — one batch, one round trip, no thread blocked.
 */
final class BobRound {
    private final int round;
    private final ByteArrayOutputStream basis = new ByteArrayOutputStream();
    private final ByteArrayOutputStream bit = new ByteArrayOutputStream();
    private BitVector signal;
    private BitVector mask;
    private BitVector[] blocks;
    private long[] seeds;
    private double qber;
    private BitVector[] corrected;
    private BitVector[] correcting;
    private CascadeSession session;
    private int block;

    BobRound(int round) {
        this.round = round;
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

    private void prepareCascade(Steps.Reconcile r) {
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

    /** Starts Cascade on the first block; returns its first question (or Corrected if nothing to ask). */
    Steps.Step startCascade(Steps.Reconcile r) {
        prepareCascade(r);
        if (seeds.length != blocks.length) {
            return new Steps.Abort(round, "terminal: Alice sent " + seeds.length + " shuffle seeds for "
                    + blocks.length + " blocks");
        }
        correcting = new BitVector[blocks.length];
        block = -1;
        return nextBlock();
    }

    /** Alice's parities for the outstanding question; returns the next question or Corrected. */
    Steps.Step answer(Steps.ParityAnswers a) {
        if (session == null || a.block() != block) {
            return new Steps.Abort(round, "terminal: parity answer for block " + a.block() + ", expected " + block);
        }
        try {
            session.answer(BitVector.wrap(a.parities(), a.count()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new Steps.Abort(round, "terminal: parity answer does not fit: " + e.getMessage());
        }
        return ask();
    }

    private Steps.Step nextBlock() {
        block++;
        if (block == blocks.length) {
            session = null;
            corrected = correcting;
            correcting = null;
            return new Steps.Corrected(round);
        }
        CascadeSchedule schedule = CascadeSchedule.optimized(qber, blocks[block].length());
        CascadeShuffle shuffle = CascadeShuffle.create(blocks[block].length(), schedule.passes(), seeds[block]);
        session = CascadeSession.start(blocks[block], schedule, shuffle);
        return ask();
    }

    private Steps.Step ask() {
        CascadeSession.Step step = session.next();
        if (step instanceof CascadeSession.Ask q) {
            return new Steps.ParityQuestions(round, block, q.request().pass(), q.request().start(), q.request().end());
        }
        correcting[block] = ((CascadeSession.Done) step).result().correctedKey();
        return nextBlock();
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
        if (correcting != null) {
            for (BitVector c : correcting) {
                if (c != null) {
                    c.wipe();
                }
            }
        }
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
