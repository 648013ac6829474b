package io.qmkdc.qkd;

import io.qmkdc.optics.DetectionBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bob's side of one BB84 round as a state machine, the counterpart of {@link Bb84AliceRound}: his
 * detections and Alice's {@link Bb84Step}s go in, his replies come out. He announces his bases,
 * sifts with hers ({@link Sifting}), discloses the sample and the decoy and vacuum bits, corrects his
 * key block after block with a {@link CascadeSession} — each of its parity requests becomes one
 * {@link Bb84Step.ParityQuestions}, Alice's answer moves it on: one batch, one round trip, no thread
 * blocked — checks Alice's verification tags and applies her privacy-amplification seeds
 * ({@link PrivacyAmplification#apply}). No randomness of his own: every choice is Alice's and public.
 * Not thread-safe; one instance per round.
 */
public final class Bb84BobRound {
    /** What to do after an input. */
    public sealed interface Next {
    }

    public record Wait() implements Next {
    }

    public record Send(List<Bb84Step> steps) implements Next {
    }

    /** The round ended; {@code keyed} when {@link #finalKey()} holds the final key, else {@code reason}. */
    public record Finish(boolean keyed, String reason, List<Bb84Step> toAlice) implements Next {
    }

    private final int round;
    private final Bb84Trace trace;
    private final ColumnQueue mine = new ColumnQueue(2);
    private final SiftedKeyAccumulator sifting = new SiftedKeyAccumulator();
    private Bb84Amplification.Hasher hasher = Bb84Amplification.DIRECT;
    private boolean detectionsDone;
    private boolean finished;
    private BitVector kept;
    private BitVector[] blocks;
    private long[] seeds;
    private double qber;
    private BitVector[] corrected;
    private CascadeSession session;
    private int block;
    private BitVector reconciled;
    private BitVector finalKey;

    public Bb84BobRound(int round, Bb84Trace trace) {
        this.round = round;
        this.trace = trace;
    }

    public int round() {
        return round;
    }

    /** One frame of Bob's detections (basis and bit per click, in pulse order): he announces its bases. */
    public Next detected(byte[] basis, byte[] bit, boolean last) {
        if (finished || detectionsDone) {
            return new Wait();
        }
        long first = mine.total();
        mine.add(basis, bit);
        detectionsDone = last;
        return new Send(List.of(new Bb84Step.BobBases(round, first, basis, last))); // bases are never written to
    }

    /** A step from Alice. */
    public Next receive(Bb84Step step) {
        if (finished || step.round() != round) {
            return new Wait();
        }
        try {
            if (step instanceof Bb84Step.SiftAnnounce s) {
                return sift(s);
            }
            if (step instanceof Bb84Step.Reconcile r) {
                return startCascade(r);
            }
            if (step instanceof Bb84Step.ParityAnswers a) {
                return answer(a);
            }
            if (step instanceof Bb84Step.VerifyTags t) {
                return verify(t);
            }
            if (step instanceof Bb84Step.Amplify a) {
                return amplify(a);
            }
            if (step instanceof Bb84Step.Abort a) {
                finished = true;
                return new Finish(false, a.reason(), List.of());
            }
            return refuse("unexpected " + step.getClass().getSimpleName());
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
            return refuse(step.getClass().getSimpleName() + " does not fit: " + e.getMessage());
        }
    }

    /** Sifting of the next detections with Alice's bases and intensity classes. */
    private Next sift(Bb84Step.SiftAnnounce s) {
        if (s.first() != mine.total() - mine.available()) {
            return new Wait(); // an earlier announcement was lost or rejected: the round times out
        }
        int n = s.basis().length;
        if (s.intensity().length != n || n > mine.available()) {
            return refuse("announced " + n + " bases for " + mine.available() + " unsifted detections");
        }
        byte[][] m = mine.take(n);
        sifting.appendView(n, s.intensity(), s.basis(), null, m[0], m[1]);
        Arrays.fill(m[1], (byte) 0);
        return s.last() ? disclose(s) : new Wait();
    }

    /** Discloses the decoy and vacuum bits in full and the sampled signal bits; keeps the rest. */
    private Next disclose(Bb84Step.SiftAnnounce s) {
        if (s.siftedBits() < 0 || s.sampleSize() < 0) {
            return refuse("sample of " + s.sampleSize() + " among " + s.siftedBits() + " sifted bits");
        }
        if (!detectionsDone || mine.available() > 0 || kept != null) {
            return refuse("sample announced before every detection was sifted");
        }
        SiftedKey key = sifting.snapshot();
        sifting.wipe();
        BitVector signal = key.bobKey(DetectionBatch.SIGNAL);
        BitVector mask = BitVector.wrap(s.samplePositions().length == 0 ? new long[BitVector.wordsFor(s.siftedBits())]
                : s.samplePositions(), s.siftedBits());
        if (s.siftedBits() != signal.length() || mask.cardinality() != s.sampleSize()) {
            key.wipe();
            return refuse("sample of " + s.sampleSize() + " among " + s.siftedBits() + " sifted bits; "
                    + signal.length() + " sifted here");
        }
        trace.sifted(signal);
        BitVector sample = ParameterEstimation.sampled(signal, mask);
        BitVector decoy = key.bobKey(DetectionBatch.DECOY);
        BitVector vacuum = key.bobKey(DetectionBatch.VACUUM);
        Bb84Step.Disclosed d = new Bb84Step.Disclosed(round, Bb84Step.words(decoy), decoy.length(),
                Bb84Step.words(vacuum), vacuum.length(), Bb84Step.words(sample), sample.length());
        kept = ParameterEstimation.keep(signal, mask, signal.length() - s.sampleSize());
        key.wipe();
        return new Send(List.of(d));
    }

    /** Cuts the kept key into Alice's blocks and asks the first block's first question. */
    private Next startCascade(Bb84Step.Reconcile r) {
        if (kept == null || blocks != null) {
            return refuse("Reconcile out of order");
        }
        if (r.blockBits() < 1000 || r.blockBits() > CascadeShuffle.MAX_LENGTH || !(r.qber() >= 0 && r.qber() <= 0.5)) {
            return refuse("Reconcile with block " + r.blockBits() + " and QBER " + r.qber());
        }
        int[] bounds = Bb84Blocks.bounds(kept.length(), r.blockBits());
        blocks = new BitVector[bounds.length - 1];
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = kept.slice(bounds[b], bounds[b + 1]);
        }
        kept.wipe();
        seeds = r.shuffleSeeds();
        if (seeds.length != blocks.length) {
            return refuse("Alice sent " + seeds.length + " shuffle seeds for " + blocks.length + " blocks");
        }
        qber = Bb84Blocks.scheduleQber(r.qber());
        corrected = new BitVector[blocks.length];
        block = -1;
        return nextBlock();
    }

    /** Alice's parities for the outstanding question: the next question or Corrected. */
    private Next answer(Bb84Step.ParityAnswers a) {
        if (session == null || a.block() != block) {
            return refuse("parity answer for block " + a.block() + ", expected " + block);
        }
        session.answer(BitVector.wrap(a.parities(), a.count()));
        return ask();
    }

    private Next nextBlock() {
        block++;
        if (block == blocks.length) {
            session = null;
            return new Send(List.of(new Bb84Step.Corrected(round)));
        }
        CascadeSchedule schedule = CascadeSchedule.optimized(qber, blocks[block].length());
        CascadeShuffle shuffle = CascadeShuffle.create(blocks[block].length(), schedule.passes(), seeds[block]);
        session = CascadeSession.start(blocks[block], schedule, shuffle);
        return ask();
    }

    private Next ask() {
        CascadeSession.Step step = session.next();
        if (step instanceof CascadeSession.Ask q) {
            return new Send(List.of(new Bb84Step.ParityQuestions(round, block, q.request().pass(), q.request().start(),
                    q.request().end())));
        }
        corrected[block] = ((CascadeSession.Done) step).result().correctedKey();
        return nextBlock();
    }

    /** Compares Alice's tags with ours; only the matching blocks are kept. */
    private Next verify(Bb84Step.VerifyTags t) {
        if (corrected == null || session != null || block != blocks.length || reconciled != null) {
            return refuse("tags before Cascade finished");
        }
        int count = corrected.length;
        if (t.k1().length != count || t.k2().length != count || t.h1().length != count || t.h2().length != count) {
            return refuse("tags for " + t.k1().length + " of " + count + " blocks");
        }
        boolean[] keep = new boolean[count];
        List<BitVector> parts = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            KeyVerification.Tag mine = KeyVerification.tag(corrected[b],
                    new KeyVerification.HashKey(t.k1()[b], t.k2()[b]));
            keep[b] = KeyVerification.compare(mine, new KeyVerification.Tag(t.h1()[b], t.h2()[b]),
                    corrected[b].length()) instanceof KeyVerification.Verified;
            if (keep[b]) {
                parts.add(corrected[b]);
            }
        }
        reconciled = Bb84Blocks.concat(parts);
        trace.corrected(reconciled);
        return new Send(List.of(new Bb84Step.VerifyOutcome(round, keep)));
    }

    /** Privacy amplification with Alice's public seeds. */
    private Next amplify(Bb84Step.Amplify a) {
        if (reconciled == null) {
            return refuse("Amplify before verification");
        }
        finalKey = Bb84Amplification.apply(reconciled, a.finalBits(), a.blockBits(), a.seeds(), a.seedBits(), hasher);
        trace.amplified(finalKey);
        finished = true;
        return new Finish(true, "", List.of());
    }

    private Finish refuse(String reason) {
        finished = true;
        String why = "terminal: " + reason;
        return new Finish(false, why, List.of(new Bb84Step.Abort(round, why)));
    }

    /** How his blocks are hashed (the in-process driver pairs them with Alice's; same bits). */
    void hashWith(Bb84Amplification.Hasher h) {
        hasher = h;
    }

    /** His verified key, once the tags are compared (null before), for the in-process driver. */
    BitVector reconciled() {
        return reconciled;
    }

    /** Bob's final key of a keyed round (wiped by {@link #wipe()}). */
    public BitVector finalKey() {
        return finalKey;
    }

    /** Bob's blocks before Cascade, for the in-process driver's ground truth. */
    BitVector[] blocks() {
        return blocks == null ? new BitVector[0] : blocks;
    }

    public void wipe() {
        mine.wipe();
        sifting.wipe();
        for (BitVector[] set : new BitVector[][] {blocks, corrected}) {
            if (set != null) {
                for (BitVector v : set) {
                    if (v != null) {
                        v.wipe();
                    }
                }
            }
        }
        for (BitVector v : new BitVector[] {kept, reconciled, finalKey}) {
            if (v != null) {
                v.wipe();
            }
        }
    }
}
