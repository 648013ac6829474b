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
 *       Martinez-Mateo et al., QIC 15, 453 (2015), §4.3).</li>
 * </ul>
 * Bob's parities come from a bit-packed shuffled copy of his key per pass, kept in step with
 * every flip, so a range parity is a few word XORs. Passes of at most two blocks (the late passes,
 * which mostly need only the parity of half the key) gather their parities straight from the key
 * until that has cost about as much as a copy; the last block's parity of every pass follows from
 * Bob's key parity.
 */
public final class Cascade {
    private final int n;
    private final BitVector key;
    private final CascadeSchedule schedule;
    private final CascadeShuffle shuffle;
    private final ParityOracle oracle;
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
    private final Nodes waiting = new Nodes();
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

    private Cascade(BitVector noisyKey, CascadeSchedule schedule, CascadeShuffle shuffle, ParityOracle oracle) {
        this.n = noisyKey.length();
        this.key = noisyKey.copy();
        this.schedule = schedule;
        this.shuffle = shuffle;
        this.oracle = oracle;
        int passes = schedule.passes();
        this.view = new BitVector[passes];
        this.known = new long[passes][];
        this.odd = new long[passes][];
        this.pending = new long[passes][];
        this.treeWidth = new int[passes];
        this.flipped = new long[BitVector.wordsFor(n)];
        this.gathered = new long[passes];
        this.bobParity = key.cardinality() & 1;
    }

    /**
     * Corrects a copy of Bob's key against Alice's through {@code oracle}; {@code noisyKey} is not
     * modified. Both parties must use the same {@code schedule} and {@code shuffle}.
     */
    public static ReconciliationResult reconcile(BitVector noisyKey, CascadeSchedule schedule,
                                                 CascadeShuffle shuffle, ParityOracle oracle) {
        if (noisyKey.length() != shuffle.length()) {
            throw new IllegalArgumentException("key has " + noisyKey.length() + " bits, shuffle expects " + shuffle.length());
        }
        if (schedule.passes() > shuffle.passes()) {
            throw new IllegalArgumentException("schedule has " + schedule.passes() + " passes, shuffle only " + shuffle.passes());
        }
        return new Cascade(noisyKey, schedule, shuffle, oracle).run();
    }

    /**
     * Both parties in one process: Alice's {@link CascadeResponder} answers Bob directly, with
     * shuffles from {@code publicSeed}; her shuffled copies are wiped afterwards.
     */
    public static ReconciliationResult reconcileInProcess(BitVector alice, BitVector bob, CascadeSchedule schedule,
                                                          long publicSeed) {
        CascadeShuffle shuffle = CascadeShuffle.create(alice.length(), schedule.passes(), publicSeed);
        CascadeResponder responder = new CascadeResponder(alice, shuffle);
        try {
            return reconcile(bob, schedule, shuffle, responder);
        } finally {
            responder.wipe();
        }
    }

    private ReconciliationResult run() {
        int passes = schedule.passes();
        int next = 0;
        int roundsInPass = 0;
        while (n > 0) {
            descend();
            // Passes are pipelined so round trips stay O(passes · log k): pass p+1 starts once
            // pass p's walks are (nearly) done or have had CAP·log2 k rounds; open walks go on
            // beside it, and its block parities ride in the same round trip.
            if (next < passes && (next == 0 || waiting.size == 0
                    || (roundsInPass > depth(next - 1) && waiting.size <= TAIL)
                    || roundsInPass > CAP * depth(next - 1))) {
                preparePass(next++);
                roundsInPass = 0;
            }
            if (!exchange()) {
                if (next == passes) {
                    break;
                }
                roundsInPass = Integer.MAX_VALUE;
                continue;
            }
            roundsInPass++;
        }
        for (BitVector v : view) {
            if (v != null) {
                v.wipe();
            }
        }
        return new ReconciliationResult(key, leakedBits, roundTrips, 2L * roundTrips, passes, correctedBits);
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
     * One round trip: the block parities of a just-started pass, if any, and the left-half parity
     * of every still-odd node waiting for one. Returns false when there was nothing to do.
     */
    private boolean exchange() {
        Nodes w = waiting;
        int count = 0;
        for (int i = 0; i < w.size; i++) {
            clear(pending[w.pass[i]], w.node[i]);
            if (get(odd[w.pass[i]], w.node[i])) {
                w.set(count++, w.pass[i], w.node[i], w.start[i], w.end[i]);
            }
        }
        w.size = count;
        int p = rootPass;
        rootPass = -1;
        int k = p < 0 ? 1 : schedule.blockSize(p);
        int blocks = p < 0 ? 0 : (n + k - 1) / k;
        int asked = p < 0 ? 0 : keyParity >= 0 ? blocks - 1 : blocks; // last block: parity inference
        if (count + asked == 0) {
            if (p >= 0) {
                openBlocks(p, null, 0);
                return true;
            }
            return false;
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
        BitVector answer = ask(new ParityRequest(pass, start, end));
        if (p >= 0) {
            openBlocks(p, answer, asked);
        }
        for (int i = 0; i < count; i++) {
            int q = w.pass[i];
            int s = w.start[i];
            int mid = end[asked + i];
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
        return true;
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

    private BitVector ask(ParityRequest request) {
        roundTrips++;
        leakedBits += request.size();
        BitVector answer = oracle.parities(request);
        if (answer.length() != request.size()) {
            throw new IllegalArgumentException("oracle answered " + answer.length() + " parities for "
                    + request.size() + " questions");
        }
        return answer;
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
