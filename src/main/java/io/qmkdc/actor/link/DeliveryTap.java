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

    void deliver(String link, boolean kdcEnd, BitVector share) {
        pools.append(link, kdcEnd ? DeliveryPools.End.KDC : DeliveryPools.End.KME, share);
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
