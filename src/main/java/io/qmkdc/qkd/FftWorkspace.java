package io.qmkdc.qkd;

import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The four FFT arrays of one Toeplitz product (key and seed, real and imaginary halves), kept
 * between hashes: at 10^7 bits they are ≈270 MB, and allocating and zeroing them per hash cost
 * ≈8 % of the hash and most of the link's GC pauses (issue 13). A workspace serves any transform
 * up to its {@link #capacity()}; only the first {@code size} points of each array are used.
 *
 * <p>Secrets: the product leaves key-derived values in {@link #xr}, {@link #xi}; the user wipes
 * them ({@link #wipeKey}) before the workspace is handed back, so a kept workspace holds only
 * zeros and a public seed's spectrum.
 */
final class FftWorkspace {
    /** One spare for the whole JVM, softly held so that the GC may take it back under pressure. */
    private static final AtomicReference<SoftReference<FftWorkspace>> SPARE = new AtomicReference<>();

    final double[] xr, xi, sr, si;

    FftWorkspace(int capacity) {
        xr = new double[capacity];
        xi = new double[capacity];
        sr = new double[capacity];
        si = new double[capacity];
    }

    int capacity() {
        return xr.length;
    }

    /** Zeroes the key arrays' first {@code size} points (all a product of that size wrote). */
    void wipeKey(int size) {
        Arrays.fill(xr, 0, size, 0.0);
        Arrays.fill(xi, 0, size, 0.0);
    }

    /**
     * The spare if it holds {@code size} points, else a new workspace; concurrent callers each get
     * their own (the second one allocates).
     */
    static FftWorkspace take(int size) {
        SoftReference<FftWorkspace> ref = SPARE.getAndSet(null);
        FftWorkspace spare = ref == null ? null : ref.get();
        if (spare != null && spare.capacity() >= size) {
            return spare;
        }
        return new FftWorkspace(size); // a too small spare is dropped: the larger one comes back instead
    }

    /** Offers {@code ws} (key arrays already wiped) as the spare; the larger of it and the current spare is kept. */
    static void giveBack(FftWorkspace ws) {
        SoftReference<FftWorkspace> mine = new SoftReference<>(ws);
        while (true) {
            SoftReference<FftWorkspace> cur = SPARE.get();
            FftWorkspace held = cur == null ? null : cur.get();
            if (held != null && held.capacity() >= ws.capacity()) {
                return;
            }
            if (SPARE.compareAndSet(cur, mine)) {
                return;
            }
        }
    }
}
