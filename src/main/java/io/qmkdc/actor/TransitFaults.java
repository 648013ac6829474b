package io.qmkdc.actor;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import com.typesafe.config.Config;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test fault of the load driver's one-node cluster (load {@code --drop-fraction}, {@code --duplicate-fraction}):
 * drops a share of the members' reliable publishes and of the node port's deliveries in transit and sends another
 * share twice, so the reliable layer has to re-send every drop and hide every copy. Off unless the system's config
 * holds {@value #CONFIG} (no config file sets it; only the load driver starts a system with it). Each sender draws
 * from its own stream split from the seed by its name; the node-wide counts go to {@link NodePort.NodeStats}.
 */
public final class TransitFaults implements Extension {
    public static final String CONFIG = "qmkdc.test-faults";
    private static final Id ID = new Id();
    private static final Link NONE = new Link(null, 0, 0, null);

    private final double drop;
    private final double duplicate;
    private final long seed;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong duplicated = new AtomicLong();

    private TransitFaults(double drop, double duplicate, long seed) {
        if (!(drop >= 0 && drop <= 0.5 && duplicate >= 0 && duplicate <= 0.5)) {
            throw new IllegalArgumentException(CONFIG + ": fractions outside [0, 0.5]: " + drop + ", " + duplicate);
        }
        this.drop = drop;
        this.duplicate = duplicate;
        this.seed = seed;
    }

    /** The config block that switches the faults on for a system (the load driver's one-node cluster only). */
    public static String config(double drop, double duplicate, long seed) {
        return CONFIG + " { drop-fraction = " + drop + ", duplicate-fraction = " + duplicate + ", seed = " + seed + " }";
    }

    public static TransitFaults get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    public boolean on() {
        return drop > 0 || duplicate > 0;
    }

    /** The faults on one sender's messages, from its own stream ({@code name} names the sender). */
    public Link link(String name) {
        return on() ? new Link(new SplittableRandom(seed ^ (name.hashCode() * 0x9E3779B97F4A7C15L)), drop, duplicate, this)
                : NONE;
    }

    public long dropped() {
        return dropped.get();
    }

    public long duplicated() {
        return duplicated.get();
    }

    /** One sender's faults: how many copies of its next message go (0 dropped, 1, 2 sent twice). */
    public static final class Link {
        private final SplittableRandom random;
        private final double drop;
        private final double duplicate;
        private final TransitFaults counts;

        private Link(SplittableRandom random, double drop, double duplicate, TransitFaults counts) {
            this.random = random;
            this.drop = drop;
            this.duplicate = duplicate;
            this.counts = counts;
        }

        /** {@code message} to {@code to} as many times as {@link #copies()} says (once when the faults are off). */
        public <T> void send(akka.actor.typed.ActorRef<T> to, T message) {
            for (int c = copies(); c > 0; c--) {
                to.tell(message);
            }
        }

        int copies() {
            if (random == null) {
                return 1;
            }
            double u = random.nextDouble();
            if (u < drop) {
                counts.dropped.incrementAndGet();
                return 0;
            }
            if (u < drop + duplicate) {
                counts.duplicated.incrementAndGet();
                return 2;
            }
            return 1;
        }
    }

    private static final class Id extends ExtensionId<TransitFaults> {
        @Override
        public TransitFaults createExtension(ActorSystem<?> system) {
            Config c = system.settings().config();
            if (!c.hasPath(CONFIG)) {
                return new TransitFaults(0, 0, 0);
            }
            Config f = c.getConfig(CONFIG);
            TransitFaults faults = new TransitFaults(f.getDouble("drop-fraction"), f.getDouble("duplicate-fraction"),
                    f.getLong("seed"));
            if (faults.on()) {
                system.log().warn("test faults on: dropping {} and duplicating {} of reliable traffic in transit",
                        faults.drop, faults.duplicate);
            }
            return faults;
        }
    }
}
