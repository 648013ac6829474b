package io.qmkdc.load;

import io.qmkdc.actor.Member;
import java.util.List;

/**
 * The result of a load run. Deliveries count (message, recipient) pairs at the application: a
 * same-group message is expected at every other member of its group, a relayed one at every member
 * of the target group; {@code lostMessages} = expected deliveries not made after the drain,
 * {@code duplicateMessages} = deliveries of a message a recipient already had.
 * {@code relayLatencyMs}: cross-group messages (member → KDC relay → target group → members);
 * {@code messageLatencyMs}: every delivery; both from the driver's send to the application.
 */
public record LoadReport(Setup setup, int keyedMembers, double timeToAllKeyedSeconds, int authPassed,
        double authSeconds, double authPerSecond, long sentMessages, long sameGroupMessages,
        long crossGroupMessages, double trafficSeconds, double achievedRate, long expectedDeliveries,
        long deliveredMessages, long lostMessages, long duplicateMessages, Latency relayLatencyMs,
        Latency messageLatencyMs, Resends resends, double drainSeconds, List<Node> nodes, List<String> keyingProblems, double wallSeconds,
        Cluster cluster, Rekey rekey) {

    /** Deliveries owed, made, lost and made twice, with the latencies of the relayed ones and of all. */
    record Deliveries(long expected, long delivered, long lost, long duplicates, LatencySample.Summary relayed,
            LatencySample.Summary all) {
    }

    /** The report of a run's phases: keying, the traffic {@code mix} sent for {@code trafficSeconds}, the drain. */
    static LoadReport of(Setup setup, KeyingWait.Keying k, TrafficMix mix, double trafficSeconds, Deliveries d,
            Resends resends, double drainSeconds, List<Node> nodes, List<String> problems, double wallSeconds,
            Cluster cluster, Rekey rekey) {
        return new LoadReport(setup, k.keyed(), k.keyedSeconds(), k.authPassed(), k.authSeconds(), k.authPerSecond(),
                mix.sent(), mix.same, mix.cross, trafficSeconds, mix.sent() / trafficSeconds, d.expected(),
                d.delivered(), d.lost(), d.duplicates(), Latency.of(d.relayed()), Latency.of(d.all()), resends,
                drainSeconds, nodes, problems, wallSeconds, cluster, rekey);
    }

    /**
     * Per-member keying in one JVM (null otherwise): what the KDC's rekeys cost after the initial keying, counted in
     * the KDC's own rekey path (its {@code RekeyTally}, not from formulas) — scheme, tree degree and batch interval,
     * joins and leaves rekeyed, batches (epochs), encryptions per join and per leave (a batch's entries above a leave
     * are the leaves'), rekey-message bytes per change, and from each change (a leave arriving, a join's
     * authentication passing) until every member acknowledged the epoch carrying it; beside them the single-change
     * formulas for the group size ({@code leaveFormula}: star n − 1, LKH d·L − 1; {@code joinFormula}: star n, LKH 2L).
     * The churn itself: changes per second asked, leaves and rejoins sent, rejoined members keyed again, leaves moved
     * to another member (the first had messages unacknowledged); deliveries excused because their recipient left
     * before having them, made to a recipient absent at the send (extra), handed to a rejoined member whose earlier
     * incarnation had them (re-delivered), under an epoch older than the receiver's last
     * ({@code staleEpochDeliveries}), and to a departed member under an epoch newer than the last it may open
     * ({@code departedNewerEpochDeliveries}; 0 unless forward secrecy fails).
     */
    public record Rekey(String scheme, int degree, long batchMs, double churnPerSecond, long joins, long leaves,
            long batches, double encryptionsPerJoin, double encryptionsPerLeave, double bytesPerChange,
            ChangeLatency changeToAllRekeyedMs, long joinFormula, long leaveFormula, long leavesSent, long rejoinsSent,
            long rejoinedKeyed, long leavesDeferred, long excusedByLeave, long extraDeliveries,
            long reDeliveredAfterRejoin, long staleEpochDeliveries, long departedNewerEpochDeliveries) {
    }

    public record ChangeLatency(long count, double p50, double p99) {
    }

    /**
     * Across JVMs only (null on the embedded one-node cluster): node logs folder, nodes killed (and
     * when, in seconds of traffic), the warm-up before the measured traffic,
     * messages the application re-submitted (its sender's outbox died or stayed incomplete),
     * members resumed from the application's record, deliveries under an epoch older than one the
     * receiver had used already, members holding a group key at the end, and the latency by second of
     * traffic (warm-up included); the driver's window of messages in flight and how many sends the
     * rate offered that the window held back (the achieved rate is sent / traffic seconds); the host partitions
     * (--hosts), and from the nodes' records each KDC incarnation's node and issuing interval with the number of
     * groups two incarnations issued keys for at overlapping times (0 unless the cluster split its brain).
     */
    public record Cluster(String runDir, List<String> faults, List<Double> faultSeconds, double warmupSeconds,
            long resubmissions, long resumes, long staleDeliveries, int keyedAtEnd,
            List<LatencyTimeline.Second> latencyBySecond, int maxInFlight, long heldBack, List<Partition> partitions,
            List<KdcIssuing.Incarnation> kdcIncarnations, int overlappingKdcIssuing) {
    }

    /**
     * A host cut off: which (kind kdc or member), its Artery address, cut and healed (s of traffic), downed by the SBR;
     * for a KDC cut, when every group had a key again from an incarnation that started after the cut (null: never,
     * or not a KDC cut) and that time minus the cut.
     */
    public record Partition(String kind, int host, String address, double cutAt, double healedAt, boolean downed,
            Double groupsKeyedAgainAt, Double recoverySeconds) {
        public Partition withRecovery(List<KdcIssuing.Incarnation> incarnations) {
            Double at = kind.equals("kdc") ? KdcIssuing.allKeyedAgainAt(incarnations, cutAt) : null;
            return new Partition(kind, host, address, cutAt, healedAt, downed, at, at == null ? null : at - cutAt);
        }
    }

    public record Setup(int nodes, int groups, int members, double rate, double durationSeconds, double intraFraction,
            long seed, String keying, int authRounds, long targetDetections, double linkKmMin, double linkKmMax) {
    }

    public record Latency(long count, double p50, double p99, double max) {
        static Latency of(LatencySample.Summary s) {
            return new Latency(s.count(), s.p50(), s.p99(), s.max());
        }
    }

    /**
     * Sender and receiver counts: re-sends, re-sends re-sealed under a newer epoch, messages given
     * up, still unacknowledged at the end; duplicates dropped by members, messages dropped for an
     * epoch older than the receiver's; faults injected (messages dropped, duplicated in transit);
     * groups re-keyed during the traffic and the highest G_k epoch a member held at the end.
     */
    public record Resends(long resends, long resealed, long gaveUp, long unacknowledged, long duplicatesDropped,
            long staleEpochDropped, long injectedDrops, long injectedDuplicates, int rekeys, long highestEpoch) {
        /** The members' counts summed, with what the driver knows of unacknowledged and duplicate messages. */
        static Resends of(List<Member.Reliability> rel, long unacknowledged, long duplicatesDropped,
                long injectedDrops, long injectedDuplicates, int rekeys) {
            return new Resends(rel.stream().mapToLong(Member.Reliability::resends).sum(),
                    rel.stream().mapToLong(Member.Reliability::resealed).sum(),
                    rel.stream().mapToLong(Member.Reliability::gaveUp).sum(), unacknowledged,
                    duplicatesDropped, rel.stream().mapToLong(Member.Reliability::staleEpoch).sum(),
                    injectedDrops, injectedDuplicates, rekeys,
                    rel.stream().mapToLong(Member.Reliability::epoch).max().orElse(-1));
        }
    }

    /** A node: address, roles, members placed on it, process CPU over the traffic phase (% of all cores), heap used. */
    public record Node(String address, List<String> roles, int members, double cpuPercent, double heapMb) {
    }
}
