package io.qmkdc.qkd;

import java.util.Arrays;

/**
 * Bob's side of Cascade error reconciliation (Brassard &amp; Salvail, EUROCRYPT '93), batched so
 * that round trips grow with passes × log2(block size), not with the number of blocks or errors:
 * <ul>
 *   <li>all block parities of a pass travel in one request; the last block's parity is inferred
 *       from the key parity learnt in pass 1 (block parity inference);</li>
 *   <li>all odd blocks — of the current pass and, through the cascade effect, of every earlier
 *       pass — are bisected together, one level per round trip; BINARY asks only the left half,
 *       the right half's parity follows from its parent;</li>
 *   <li>every parity Alice ever disclosed is kept in a per-pass binary tree, so bisection walks
 *       through known sub-blocks for free and a corrected bit re-opens the smallest known odd
 *       sub-block of each earlier pass instead of the whole block (sub-block reuse,
 *       Martinez-Mateo et al., QIC 15, 453 (2015), §4.3);</li>
 *   <li>with {@link Batching#DEFERRED} (the default), walks run side by side, but a walk waits
 *       while the smaller walks of other passes asked in the same round would probably flip a bit
 *       inside it first — it would turn even and its parities be wasted (the waste of naive
 *       batching, which at 10^4 bits and 2 % cost f ≈ 1.165 against the plain form's 1.04). A
 *       walk of m bits beside w such walks wastes about min(1, m·w/n)·⌈log2 m⌉ parities; a round
 *       admits walks, the smallest first, while their sum stays within a round trip's worth,
 *       n²/{@value WalkAdmission#SQUARE_BITS_PER_ROUND_TRIP} expected wasted parities: 2 at 10^4 bits, where
 *       a wasted parity weighs 10× more in f and naive batching wasted 0.1–0.2 of it; 200 at
 *       10^5 bits, where no walk ever waits, so long keys keep BATCHED's requests exactly.</li>
 * </ul>
 * {@link Batching#PLAIN} is the plain form on the same schedule and code: one walk at a time,
 * the smallest first, each pass started after the previous one has settled — the reference the
 * batched form is measured against (about 10× its round trips).
 * Bob's parities come from a bit-packed shuffled copy of his key per pass, kept in step with
 * every flip, so a range parity is a few word XORs. Passes of at most two blocks (the late passes,
 * which mostly need only the parity of half the key) gather their parities straight from the key
 * until that has cost about as much as a copy; the last block's parity of every pass follows from
 * Bob's key parity.
 *
 * <p>Push-driven so a transport (an actor) never blocks a thread: {@link #next()} returns either
 * an {@link Ask} to send to Alice, whose answer goes to {@link #answer(BitVector)}, or
 * {@link Done}. {@link Cascade#reconcile} drives a session with a synchronous {@link ParityOracle};
 * both give the same requests and the same result. Not thread-safe; one session per block.
 */
public final class CascadeSession {
    /** How walks share round trips. */
    public enum Batching {
        /** Walks and passes side by side (round trips ∝ passes × log2 k), every walk asked at once. */
        BATCHED,
        /**
         * As BATCHED, but a round admits walks by expected waste (see the class comment); the
         * default. At 10^4 bits and 2 % f = 1.06 instead of 1.165 for 1.9× the round trips; from
         * 10^5 bits on the same requests as BATCHED. It leaks fewer redundant parities, which
         * had caught the last error pairs; {@link CascadeSchedule#optimized} adds check passes
         * to short keys for that.
         */
        DEFERRED,
        /** One walk per round trip, passes one after another (Brassard–Salvail's plain order). */
        PLAIN
    }

    private final int n;
    private final Batching batching;
    private final BitVector key;
    private final CascadeSchedule schedule;
    private final CascadeShuffle shuffle;
    private final BitVector[] view;
    private final long[][] known;
    private final long[][] odd;
    private final long[][] pending;
    private final int[] treeWidth;
    private final long[] flipped;
    /** Bits gathered without a copy so far, per pass. */
    private final long[] gathered;
    /** Parity of Bob's current key. */
    private int bobParity;
    private final Nodes work = new Nodes();
    private Nodes waiting = new Nodes();
    /** Walks held back a round (still pending), and the scratch list {@link #admit} fills. */
    private final Nodes deferred = new Nodes();
    private Nodes admitted = new Nodes();
    /** Which waiting walks a round asks (DEFERRED, PLAIN). */
    private final WalkAdmission admission;
    private int startedPasses;
    private int keyParity = -1;
    private int rootPass = -1;
    /** Cascade walks still open when the next pass may start (they finish alongside it). */
    private static final int TAIL = 8;
    /** A pass's cascade walks hold back the next pass for at most CAP·⌈log2 k⌉ round trips. */
    private static final int CAP = 16;
    private long leakedBits;
    private int roundTrips;
    private int correctedBits;
    /** Next pass to start. */
    private int nextPass;
    /** Round trips since the last pass started. */
    private int roundsInPass;
    /** The request Alice has not answered yet, or null. */
    private ParityRequest outstanding;
    /** Pass whose block parities ride in the outstanding request (-1: none), and how many. */
    private int askedPass = -1;
    private int askedBlocks;
    private Done done;

    /** What Bob does next: send a request to Alice, or stop with the result. */
    public sealed interface Step permits Ask, Done {
    }

    /** Send {@code request} to Alice and pass her answer to {@link #answer(BitVector)}. */
    public record Ask(ParityRequest request) implements Step {
    }

    /** Reconciliation is over; {@code result} holds Bob's corrected key and the cost. */
    public record Done(ReconciliationResult result) implements Step {
    }

    private CascadeSession(BitVector noisyKey, CascadeSchedule schedule, CascadeShuffle shuffle, Batching batching) {
        this.n = noisyKey.length();
        this.batching = batching;
        this.key = noisyKey.copy();
        this.schedule = schedule;
        this.shuffle = shuffle;
        int passes = schedule.passes();
        this.view = new BitVector[passes];
        this.known = new long[passes][];
        this.odd = new long[passes][];
        this.pending = new long[passes][];
        this.treeWidth = new int[passes];
        this.flipped = new long[BitVector.wordsFor(n)];
        this.gathered = new long[passes];
        this.admission = new WalkAdmission(n, passes, batching == Batching.PLAIN);
        this.bobParity = key.cardinality() & 1;
    }

    /**
     * Starts Bob's side on a copy of {@code noisyKey} (which is not modified). Both parties must
     * use the same {@code schedule} and {@code shuffle}.
     */
    public static CascadeSession start(BitVector noisyKey, CascadeSchedule schedule, CascadeShuffle shuffle) {
        return start(noisyKey, schedule, shuffle, Batching.DEFERRED);
    }

    /** As {@link #start(BitVector, CascadeSchedule, CascadeShuffle)}, with the given batching. */
    public static CascadeSession start(BitVector noisyKey, CascadeSchedule schedule, CascadeShuffle shuffle,
                                       Batching batching) {
        if (noisyKey.length() != shuffle.length()) {
            throw new IllegalArgumentException("key has " + noisyKey.length() + " bits, shuffle expects " + shuffle.length());
        }
        if (schedule.passes() > shuffle.passes()) {
            throw new IllegalArgumentException("schedule has " + schedule.passes() + " passes, shuffle only " + shuffle.passes());
        }
        return new CascadeSession(noisyKey, schedule, shuffle, batching);
    }

    /**
     * Runs Bob's side up to the next question for Alice, or to the end. Once {@link Done}, every
     * later call returns the same {@link Done}.
     *
     * @throws IllegalStateException if the last {@link Ask} has not been answered
     */
    public Step next() {
        if (outstanding != null) {
            throw new IllegalStateException("the last request has not been answered yet");
        }
        if (done != null) {
            return done;
        }
        int passes = schedule.passes();
        while (n > 0) {
            descend();
            // Passes are pipelined so round trips stay O(passes · log k): pass p+1 starts once
            // pass p's walks are (nearly) done or have had CAP·log2 k rounds; open walks go on
            // beside it, and its block parities ride in the same round trip.
            boolean pipelined = batching != Batching.PLAIN;
            if (nextPass < passes && (nextPass == 0 || waiting.size == 0
                    || pipelined && roundsInPass > depth(nextPass - 1) && waiting.size <= TAIL
                    || pipelined && roundsInPass > CAP * depth(nextPass - 1))) {
                preparePass(nextPass++);
                roundsInPass = 0;
            }
            ParityRequest request = question();
            if (request != null) {
                roundTrips++;
                leakedBits += request.size();
                outstanding = request;
                return new Ask(request);
            }
            if (askedPass >= 0) { // every block parity of the new pass was inferred: a free round
                openBlocks(askedPass, null, 0);
                askedPass = -1;
                roundsInPass++;
                continue;
            }
            if (nextPass == passes) {
                break;
            }
            roundsInPass = Integer.MAX_VALUE;
        }
        for (BitVector v : view) {
            if (v != null) {
                v.wipe();
            }
        }
        done = new Done(new ReconciliationResult(key, leakedBits, roundTrips, 2L * roundTrips, passes, correctedBits));
        return done;
    }

    /**
     * Applies Alice's answer to the outstanding request: bit {@code i} is the parity of her key
     * over range {@code i}. Call {@link #next()} afterwards.
     *
     * @throws IllegalStateException    if no request is outstanding (none asked, or already answered)
     * @throws IllegalArgumentException if {@code parities} does not have one bit per question;
     *                                  the request then stays outstanding
     */
    public void answer(BitVector parities) {
        if (outstanding == null) {
            throw new IllegalStateException("no request is outstanding");
        }
        if (parities.length() != outstanding.size()) {
            throw new IllegalArgumentException("parities must have " + outstanding.size()
                    + " bits, one per question, had " + parities.length());
        }
        outstanding = null;
        apply(parities);
        roundsInPass++;
    }

    @Override
    public String toString() {
        return "CascadeSession[n=" + n + ", roundTrips=" + roundTrips + ", leakedBits=" + leakedBits
                + (outstanding != null ? ", awaiting answer" : done != null ? ", done" : "") + "]";
    }

    /** Bisection depth ⌈log2 k⌉ of pass {@code pass}'s blocks. */
    private int depth(int pass) {
        return 32 - Integer.numberOfLeadingZeros(schedule.blockSize(pass) - 1);
    }

    /** Shuffles Bob's key for pass p; its block-parity questions go out with the next round trip. */
    private void preparePass(int p) {
        int k = schedule.blockSize(p);
        int blocks = (n + k - 1) / k;
        int width = 2 * Integer.highestOneBit(2 * k - 1);
        treeWidth[p] = width;
        int treeBits = blocks * width;
        known[p] = new long[BitVector.wordsFor(treeBits)];
        odd[p] = new long[BitVector.wordsFor(treeBits)];
        pending[p] = new long[BitVector.wordsFor(treeBits)];
        view[p] = blocks > 2 ? shuffle.shuffled(key, p) : null;
        startedPasses = p + 1;
        rootPass = p;
    }

    /**
     * Alice's block parities of pass p have arrived as bits {@code [0, asked)} of {@code answer};
     * the rest are inferred from the key parity. Queues the odd blocks.
     */
    private void openBlocks(int p, BitVector answer, int asked) {
        int k = schedule.blockSize(p);
        int blocks = (n + k - 1) / k;
        int width = treeWidth[p];
        int sum = 0;
        int bobSum = 0;
        for (int b = 0; b < blocks; b++) {
            int s = b * k;
            int e = Math.min(n, s + k);
            int alice = b < asked ? answer.bit(b) : keyParity ^ sum;
            sum ^= alice;
            int bob = b < blocks - 1 ? parity(p, s, e) : bobParity ^ bobSum;
            bobSum ^= bob;
            int g = b * width + 1;
            set(known[p], g);
            if ((alice ^ bob) != 0) {
                set(odd[p], g);
                work.add(p, g, s, e);
            }
        }
        if (keyParity < 0) {
            keyParity = sum;
        }
    }

    /** Moves every queued odd node down through known sub-blocks; flips found errors; queues questions. */
    private void descend() {
        for (int i = 0; i < work.size; i++) { // flips append to work while we iterate
            int q = work.pass[i];
            int g = work.node[i];
            int s = work.start[i];
            int e = work.end[i];
            long[] kn = known[q];
            long[] od = odd[q];
            if (!get(od, g)) {
                continue;
            }
            int base = s / schedule.blockSize(q) * treeWidth[q];
            int h = g - base;
            while (e - s > 1 && get(kn, base + 2 * h)) {
                int mid = s + (e - s + 1) / 2;
                if (get(od, base + 2 * h)) {
                    h = 2 * h;
                    e = mid;
                } else {
                    h = 2 * h + 1;
                    s = mid;
                }
            }
            g = base + h;
            if (e - s == 1) {
                flip(q, s);
            } else if (!get(pending[q], g)) {
                set(pending[q], g);
                waiting.add(q, g, s, e);
            }
        }
        work.clear();
    }

    /**
     * The next round trip's questions: the block parities of a just-started pass, if any, and the
     * left-half parity of every still-odd node waiting for one. Null when nothing needs asking;
     * a just-started pass is then left in {@code askedPass} for the caller.
     */
    private ParityRequest question() {
        Nodes w = waiting;
        int count = 0;
        for (int i = 0; i < w.size; i++) {
            clear(pending[w.pass[i]], w.node[i]);
            if (get(odd[w.pass[i]], w.node[i])) {
                w.set(count++, w.pass[i], w.node[i], w.start[i], w.end[i]);
            }
        }
        w.size = count;
        if (count > 1 && batching != Batching.BATCHED) {
            w = admit(w);
            count = w.size;
        }
        int p = rootPass;
        rootPass = -1;
        int k = p < 0 ? 1 : schedule.blockSize(p);
        int blocks = p < 0 ? 0 : (n + k - 1) / k;
        int asked = p < 0 ? 0 : keyParity >= 0 ? blocks - 1 : blocks; // last block: parity inference
        askedPass = p;
        askedBlocks = asked;
        if (count + asked == 0) {
            return null;
        }
        int[] pass = new int[asked + count];
        int[] start = new int[asked + count];
        int[] end = new int[asked + count];
        for (int b = 0; b < asked; b++) {
            pass[b] = p;
            start[b] = b * k;
            end[b] = Math.min(n, start[b] + k);
        }
        for (int i = 0; i < count; i++) {
            pass[asked + i] = w.pass[i];
            start[asked + i] = w.start[i];
            end[asked + i] = w.start[i] + (w.end[i] - w.start[i] + 1) / 2;
        }
        return new ParityRequest(pass, start, end);
    }

    /** Alice's answer to {@link #question()}: opens the new pass's blocks and halves every waiting node. */
    private void apply(BitVector answer) {
        Nodes w = waiting;
        int asked = askedBlocks;
        if (askedPass >= 0) {
            openBlocks(askedPass, answer, asked);
            askedPass = -1;
        }
        for (int i = 0; i < w.size; i++) {
            int q = w.pass[i];
            int s = w.start[i];
            int mid = s + (w.end[i] - s + 1) / 2; // recomputed, so a caller editing the request cannot skew it
            int base = s / schedule.blockSize(q) * treeWidth[q];
            int left = base + 2 * (w.node[i] - base);
            set(known[q], left);
            set(known[q], left + 1);
            boolean leftOdd = (answer.bit(asked + i) ^ parity(q, s, mid)) != 0;
            if (leftOdd) {
                set(odd[q], left);
                work.add(q, left, s, mid);
            } else {
                set(odd[q], left + 1);
                work.add(q, left + 1, mid, w.end[i]);
            }
        }
        w.clear();
        for (int i = 0; i < deferred.size; i++) {
            w.add(deferred.pass[i], deferred.node[i], deferred.start[i], deferred.end[i]);
        }
        deferred.clear();
    }

    /**
     * Splits the still-odd waiting walks into those asked this round (returned, the smallest
     * first) and those deferred (kept pending, back in the waiting list after the answer). When
     * none waits, {@code w} is returned as it is, so the request is BATCHED's, in BATCHED's order.
     */
    private Nodes admit(Nodes w) {
        int[] order = new int[w.size];
        boolean[] ask = admission.select(w.pass, w.start, w.end, w.size, order);
        if (ask == null) {
            return w;
        }
        Nodes asked = admitted;
        asked.clear();
        for (int i : order) {
            if (ask[i]) {
                asked.add(w.pass[i], w.node[i], w.start[i], w.end[i]);
            } else {
                deferred.add(w.pass[i], w.node[i], w.start[i], w.end[i]);
                set(pending[w.pass[i]], w.node[i]);
            }
        }
        w.clear();
        admitted = w;
        waiting = asked;
        return asked;
    }

    /**
     * Corrects the key bit at position {@code position} of pass {@code q} and updates every
     * started pass: its shuffled copy and the oddness of the known blocks on the bit's path; the
     * smallest known block that became odd is queued (the cascade effect).
     */
    private void flip(int q, int position) {
        int index = shuffle.keyIndex(q, position);
        if (get(flipped, index)) {
            return; // an honest Alice never makes Bob flip a bit twice; refusing bounds the work
        }
        set(flipped, index);
        key.flip(index);
        bobParity ^= 1;
        correctedBits++;
        for (int r = 0; r < startedPasses; r++) {
            int j = r == q ? position : shuffle.position(r, index);
            if (view[r] != null) {
                view[r].flip(j);
            }
            int k = schedule.blockSize(r);
            int block = j / k;
            int s = block * k;
            int e = Math.min(n, s + k);
            int base = block * treeWidth[r];
            long[] kn = known[r];
            long[] od = odd[r];
            int h = 1;
            int deepest = -1;
            int ds = 0;
            int de = 0;
            while (get(kn, base + h)) {
                int g = base + h;
                od[g >>> 6] ^= 1L << g;
                if (get(od, g)) {
                    deepest = g;
                    ds = s;
                    de = e;
                }
                if (e - s == 1) {
                    break;
                }
                int mid = s + (e - s + 1) / 2;
                if (j < mid) {
                    h = 2 * h;
                    e = mid;
                } else {
                    h = 2 * h + 1;
                    s = mid;
                }
            }
            if (deepest >= 0) {
                work.add(r, deepest, ds, de);
            }
        }
    }

    /** Parity of Bob's current key over positions [s, e) of pass p's order. */
    private int parity(int p, int s, int e) {
        if (view[p] == null) {
            if (4 * (gathered[p] + e - s) <= 3L * n) { // a copy costs about n gathered bits
                gathered[p] += e - s;
                return shuffle.parity(key, p, s, e);
            }
            view[p] = shuffle.shuffled(key, p);
        }
        return view[p].parity(s, e);
    }

    private static boolean get(long[] bits, int i) {
        return (bits[i >>> 6] >>> i & 1L) != 0;
    }

    private static void set(long[] bits, int i) {
        bits[i >>> 6] |= 1L << i;
    }

    private static void clear(long[] bits, int i) {
        bits[i >>> 6] &= ~(1L << i);
    }

    /** Growable struct-of-arrays list of tree nodes (pass, node index, shuffled range). */
    private static final class Nodes {
        int[] pass = new int[64];
        int[] node = new int[64];
        int[] start = new int[64];
        int[] end = new int[64];
        int size;

        void add(int p, int g, int s, int e) {
            if (size == pass.length) {
                int cap = size * 2;
                pass = Arrays.copyOf(pass, cap);
                node = Arrays.copyOf(node, cap);
                start = Arrays.copyOf(start, cap);
                end = Arrays.copyOf(end, cap);
            }
            set(size++, p, g, s, e);
        }

        void set(int i, int p, int g, int s, int e) {
            pass[i] = p;
            node[i] = g;
            start[i] = s;
            end[i] = e;
        }

        void clear() {
            size = 0;
        }
    }
}
