package io.qmkdc.quantum;

import java.util.SplittableRandom;

/**
 * The emulation's random streams, one per party — a member, an authentication session, a link, an
 * eavesdropper, a round — split from the scenario seed by a stable label, so what a party draws
 * never depends on which other party's thread ran first (issue 15, item 7). A stream depends only on
 * (seed, label): the same on every JVM and node. Physics and emulation only; keys (K_c, G_k, message
 * keys) come from a CSPRNG.
 */
public final class Streams {
    /** Golden-ratio increment of SplitMix64 (Steele, Lea, Flood, "Fast splittable PRNGs", 2014). */
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private Streams() {
    }

    /** The seed of the stream labelled {@code label} under {@code seed}. */
    public static long seed(long seed, String label) {
        long h = mix(seed + GAMMA);
        for (int i = 0; i < label.length(); i++) {
            h = mix(h + GAMMA + label.charAt(i));
        }
        return mix(h + GAMMA + label.length());
    }

    /** The stream labelled {@code label} under {@code seed}. */
    public static SplittableRandom of(long seed, String label) {
        return new SplittableRandom(seed(seed, label));
    }

    /** SplitMix64's finalizer (Stafford's variant 13): every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
