package io.qmkdc.gkm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a group's membership changes cost the KDC, as they happen: encryptions attributed to joins and
 * to leaves, bytes of the rekey messages, and per change the time from the change (a leave arriving, a
 * join's authentication passing) until every member of the group acknowledged the epoch that carries it.
 * Star: one epoch per change, its wraps are the change's. LKH: a batch's entries above a leave are the
 * leaves', the rest the joins' ({@link KeyTree.Batch#leaveEncryptions()}).
 */
public final class RekeyTally {
    /** The figures of the load report's {@code rekey} field. */
    public record Summary(String scheme, int degree, long joins, long leaves, long batches, double encryptionsPerJoin,
            double encryptionsPerLeave, double bytesPerChange, long rekeyed, double p50Ms, double p99Ms) {
    }

    private record Pending(long epoch, long sinceNanos) {
    }

    private final String scheme;
    private final int degree;
    private long joins;
    private long leaves;
    private long batches;
    private long joinEncryptions;
    private long leaveEncryptions;
    private long bytes;
    private final Map<Long, Boolean> starEpochIsLeave = new HashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private final List<Double> latenciesMs = new ArrayList<>();

    public RekeyTally(String scheme, int degree) {
        this.scheme = scheme;
        this.degree = degree;
    }

    /** An LKH batch of epoch {@code epoch} and the times its changes happened. */
    public synchronized void batch(long epoch, KeyTree.Batch b, List<Long> changeNanos) {
        batches++;
        joins += b.message().joins();
        leaves += b.message().leaves();
        leaveEncryptions += b.leaveEncryptions();
        joinEncryptions += b.joinEncryptions();
        bytes += b.message().wireBytes();
        changeNanos.forEach(t -> pending.add(new Pending(epoch, t)));
    }

    /** A star change: the epoch it opened. */
    public synchronized void starChange(long epoch, boolean leave, long nanos) {
        batches++;
        if (leave) {
            leaves++;
        } else {
            joins++;
        }
        starEpochIsLeave.put(epoch, leave);
        pending.add(new Pending(epoch, nanos));
    }

    /** One star wrap of G_k of {@code epoch} ({@code wireBytes} on the wire). */
    public synchronized void starWrap(long epoch, int wireBytes) {
        Boolean leave = starEpochIsLeave.get(epoch);
        if (leave == null) {
            return; // initialization or re-initialization: not a membership change
        }
        if (leave) {
            leaveEncryptions++;
        } else {
            joinEncryptions++;
        }
        bytes += wireBytes;
    }

    /** Every member acknowledged {@code epoch}: the changes it (or an earlier epoch) carried are done. */
    public synchronized void installed(long epoch, long nowNanos) {
        pending.removeIf(p -> {
            if (p.epoch() <= epoch) {
                latenciesMs.add((nowNanos - p.sinceNanos()) / 1e6);
                return true;
            }
            return false;
        });
    }

    /** Counting starts again (a load run's churn, after the initial keying, which is not a membership change). */
    public synchronized void restart() {
        joins = 0;
        leaves = 0;
        batches = 0;
        joinEncryptions = 0;
        leaveEncryptions = 0;
        bytes = 0;
        pending.clear();
        latenciesMs.clear();
    }

    public synchronized Summary summary() {
        double[] l = latenciesMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        long changes = joins + leaves;
        return new Summary(scheme, degree, joins, leaves, batches, joins == 0 ? 0 : (double) joinEncryptions / joins,
                leaves == 0 ? 0 : (double) leaveEncryptions / leaves, changes == 0 ? 0 : (double) bytes / changes,
                l.length, quantile(l, 0.5), quantile(l, 0.99));
    }

    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1 < 0 ? 0
                : (int) Math.ceil(q * sorted.length) - 1)];
    }

    @Override
    public synchronized String toString() {
        return "RekeyTally" + Arrays.asList(scheme, joins, leaves);
    }
}
