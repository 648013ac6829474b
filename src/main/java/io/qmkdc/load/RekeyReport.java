package io.qmkdc.load;

import io.qmkdc.actor.QmKdc;

/**
 * The load report's {@code rekey} field (issue 11): the KDC's own counts of what its rekeys cost since the initial
 * keying, beside the single-change formulas for the group size, and what the churn did.
 */
final class RekeyReport {
    private RekeyReport() {
    }

    /**
     * The rekey field: the KDC's counts since the initial keying (one group's, or all groups' summed), the churn's (or
     * null), and the application's counts of re-deliveries, stale-epoch and departed-newer-epoch deliveries.
     */
    static LoadReport.Rekey of(LoadSettings s, QmKdc.RekeyStats stats, Churn.Counts c, long reDelivered, long stale,
            long departedNewer) {
        long joins = 0;
        long leaves = 0;
        long batches = 0;
        double joinEnc = 0;
        double leaveEnc = 0;
        double bytes = 0;
        long rekeyed = 0;
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        for (io.qmkdc.gkm.RekeyTally.Summary g : stats.groups()) {
            joins += g.joins();
            leaves += g.leaves();
            batches += g.batches();
            joinEnc += g.encryptionsPerJoin() * g.joins();
            leaveEnc += g.encryptionsPerLeave() * g.leaves();
            bytes += g.bytesPerChange() * (g.joins() + g.leaves());
            if (g.rekeyed() > rekeyed) { // the quantiles of the group with most changes (one group: its own)
                p50 = g.p50Ms();
                p99 = g.p99Ms();
            }
            rekeyed += g.rekeyed();
        }
        io.qmkdc.gkm.RekeyPolicy p = s.rekey();
        int n = s.members() / s.groups();
        long joinFormula = p.lkh() ? 2L * depth(n, p.degree()) : n;
        long leaveFormula = p.lkh() ? (long) p.degree() * depth(n, p.degree()) - 1 : n - 1;
        return new LoadReport.Rekey(p.scheme(), p.lkh() ? p.degree() : 0, p.lkh() ? p.batchMs() : 0, s.churn(), joins,
                leaves, batches, joins == 0 ? 0 : joinEnc / joins, leaves == 0 ? 0 : leaveEnc / leaves,
                joins + leaves == 0 ? 0 : bytes / (joins + leaves), new LoadReport.ChangeLatency(rekeyed, p50, p99),
                joinFormula, leaveFormula, c == null ? 0 : c.leaves(), c == null ? 0 : c.rejoins(),
                c == null ? 0 : c.rejoinedKeyed(), c == null ? 0 : c.leavesDeferred(), c == null ? 0 : c.excusedByLeave(),
                c == null ? 0 : c.extraDeliveries(), reDelivered, stale, departedNewer);
    }

    /** L = ⌈log_d n⌉, the depth of a d-ary tree of n leaves. */
    static int depth(int n, int d) {
        int l = 0;
        for (long cap = 1; cap < n; cap *= d) {
            l++;
        }
        return Math.max(1, l);
    }
}
