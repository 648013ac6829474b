package io.qmkdc.actor.link;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import io.qmkdc.kme.DeliveryPools;
import io.qmkdc.qkd.BitVector;
import java.util.Optional;

/**
 * Sets aside a share of every keyed round of one actor system's links for key delivery to applications (ETSI GS QKD
 * 014, {@code io.qmkdc.kme}): its first {@link #shareBits} bits go to this system's {@link DeliveryPools} at the end
 * where the link's {@link LinkKeys} lives; the rest goes to the link's own pools as before. Both ends of a link commit
 * the same final key, so the share is the same at both — as long as both ends' systems run with the same
 * {@value #SHARE} (every node of a cluster; {@code serve} and {@code node --kme-port} set it). One tap per actor
 * system (an Akka extension, read from the system's config when first asked), so two clusters in one JVM never mix
 * their keys; with a share of 0 (the default) nothing changes.
 */
public final class DeliveryTap implements Extension {
    /** Config path: the fraction of each round's final key set aside for key delivery, in [0, 1). */
    public static final String SHARE = "qmkdc.kme.delivery-share";

    private static final Id ID = new Id();

    private final double fraction;
    private final DeliveryPools pools;
    /** Final key bits of every round committed at a link's KDC end (once per round): what the link distilled. */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> distilled = new java.util.concurrent.ConcurrentHashMap<>();
    /** Of those, the bits set aside for delivery (at the KDC end; the other end holds the same). */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> setAside = new java.util.concurrent.ConcurrentHashMap<>();

    /** A tap into {@code pools} (tests and in-process links; systems take theirs from {@link #of}). */
    public DeliveryTap(DeliveryPools pools, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException(SHARE + " must be in [0, 1), got " + fraction);
        }
        this.fraction = fraction;
        this.pools = pools;
    }

    /** The tap of {@code system}: its config's {@value #SHARE}, its own pools. */
    public static DeliveryTap of(ActorSystem<?> system) {
        return ID.apply(system);
    }

    /** The delivery pools of this system's link ends, when a share is set aside. */
    public Optional<DeliveryPools> pools() {
        return fraction > 0 ? Optional.of(pools) : Optional.empty();
    }

    public double fraction() {
        return fraction;
    }

    /** The share of a round of {@code roundBits} bits: a whole number of bytes (0 when off). */
    int shareBits(int roundBits) {
        return (int) (roundBits * fraction) & ~7;
    }

    void deliver(String link, boolean kdcEnd, BitVector share, int roundBits) {
        pools.append(link, kdcEnd ? DeliveryPools.End.KDC : DeliveryPools.End.KME, share);
        if (kdcEnd) {
            distilled.merge(link, (long) roundBits, Long::sum);
            setAside.merge(link, (long) share.length(), Long::sum);
        }
    }

    /** Final key bits {@code link}'s rounds distilled so far, counted at its KDC end (share and the link's own). */
    public long distilledBits(String link) {
        return distilled.getOrDefault(link, 0L);
    }

    /** Of {@link #distilledBits}, the bits set aside for key delivery so far. */
    public long setAsideBits(String link) {
        return setAside.getOrDefault(link, 0L);
    }

    private static final class Id extends ExtensionId<DeliveryTap> {
        @Override
        public DeliveryTap createExtension(ActorSystem<?> system) {
            DeliveryTap tap = new DeliveryTap(new DeliveryPools(), system.settings().config().getDouble(SHARE));
            system.getWhenTerminated().thenRun(tap.pools::wipe);
            return tap;
        }
    }
}
