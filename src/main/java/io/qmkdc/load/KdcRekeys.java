package io.qmkdc.load;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import io.qmkdc.actor.KdcReplies;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.cluster.ClusterNode;
import java.time.Duration;
import java.util.List;

/**
 * What a load run asks of the KDC singleton about re-keying: {@code --rekey-every} (one group re-initialized at a
 * time, round robin, during the traffic) and, with per-member keying, the KDC's rekey counts since the initial keying
 * (the report's {@code rekey} section).
 */
final class KdcRekeys {
    private static final Duration ASK = Duration.ofSeconds(30);

    private final ActorSystem<?> system;
    private final LoadSettings s;
    private final List<String> groupIds;
    private long next = Long.MAX_VALUE;
    private int requested;

    KdcRekeys(ActorSystem<?> system, LoadSettings settings, List<String> groupIds) {
        this.system = system;
        this.s = settings;
        this.groupIds = groupIds;
    }

    /** Per-member keying: the counts start after the initial keying; false when the KDC (busy keying) did not answer. */
    boolean restartCounts() {
        if (!LoadSettings.PER_MEMBER.equals(s.keying())) {
            return true;
        }
        for (int attempt = 0; attempt < 4; attempt++) { // a KDC busy with link rounds answers control messages last
            try {
                DriverAsks.ask(system, kdc(), QmKdc.RestartRekeyStats::new, ASK);
                return true;
            } catch (IllegalStateException e) {
                // ask again
            }
        }
        return false;
    }

    /** The traffic starts at {@code nowNanos}. */
    void start(long nowNanos) {
        next = s.rekeyEveryMs() > 0 ? nowNanos + s.rekeyEveryMs() * 1_000_000L : Long.MAX_VALUE;
    }

    /** From the traffic loop: the re-initializations due by {@code nowNanos}. */
    void tick(long nowNanos) {
        while (nowNanos >= next) {
            kdc().tell(new QmKdc.Reinitialize(List.of(groupIds.get(requested++ % groupIds.size())), "load: periodic re-key"));
            next += s.rekeyEveryMs() * 1_000_000L;
        }
    }

    /** Re-initializations requested. */
    int requested() {
        return requested;
    }

    /**
     * Per-member keying: the report's rekey section, once the KDC's counts hold {@code leaves} leaves and the joins of
     * the rejoiners keyed again (bounded: a batch and 10 s); null for per-group keying.
     */
    LoadReport.Rekey report(long leaves, Churn.Counts churn, long reDelivered, long stale, long departedNewer) {
        if (!LoadSettings.PER_MEMBER.equals(s.keying())) {
            return null;
        }
        long deadline = System.nanoTime() + (s.rekey().batchMs() + 10_000) * 1_000_000L;
        while (true) {
            KdcReplies.RekeyStats stats = DriverAsks.ask(system, kdc(), QmKdc.GetRekeyStats::new, ASK);
            long counted = stats.groups().stream().mapToLong(io.qmkdc.gkm.RekeyTally.Summary::leaves).sum();
            long joined = stats.groups().stream().mapToLong(io.qmkdc.gkm.RekeyTally.Summary::joins).sum();
            if ((counted >= leaves && joined >= (churn == null ? 0 : churn.rejoinedKeyed())) || System.nanoTime() > deadline) {
                return RekeyReport.of(s, stats, churn, reDelivered, stale, departedNewer);
            }
            DriverAsks.sleep(100);
        }
    }

    private ActorRef<QmKdc.Command> kdc() {
        ActorRef<QmKdc.Command> kdc = ClusterNode.kdc(system);
        if (kdc == null) {
            throw new IllegalStateException("no KDC singleton proxy on this node");
        }
        return kdc;
    }
}
