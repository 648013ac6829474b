package io.qmkdc.actor.link;

import io.qmkdc.qkd.BitVector;

/**
 * Sets aside a share of every keyed round of this JVM's links for key delivery to applications (ETSI GS QKD 014,
 * {@code io.qmkdc.kme}). Both ends of a link commit the same final key, so the share — its first
 * {@link #shareBits} bits — is the same at both; the rest goes to the link's own pools as before. A {@link LinkKeys}
 * takes the tap installed when it is created, so both ends of a link agree as long as {@link #install} runs before
 * the deployment (serve does); with none installed nothing changes.
 */
public final class DeliveryTap {
    /** Receives a round's share at one end of a link; the share is wiped after the call. */
    @FunctionalInterface
    public interface Sink {
        void append(String link, boolean kdcEnd, BitVector share);
    }

    private static volatile DeliveryTap current;

    private final Sink sink;
    private final double fraction;

    private DeliveryTap(Sink sink, double fraction) {
        this.sink = sink;
        this.fraction = fraction;
    }

    /** From now on, links created in this JVM give {@code fraction} of each round's key to {@code sink}. */
    public static void install(Sink sink, double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1), got " + fraction);
        }
        current = new DeliveryTap(sink, fraction);
    }

    /** Links created from now on keep all their key. */
    public static void remove() {
        current = null;
    }

    static DeliveryTap current() {
        return current;
    }

    /** The share of a round of {@code roundBits} bits: a whole number of bytes. */
    int shareBits(int roundBits) {
        return (int) (roundBits * fraction) & ~7;
    }

    void deliver(String link, boolean kdcEnd, BitVector share) {
        sink.append(link, kdcEnd, share);
    }
}
