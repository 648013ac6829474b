package io.qmkdc.load;

import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code load --hosts N --partition KIND@T+D}: cuts a host off from the rest T seconds into the traffic and
 * heals the network D seconds later, in order (the next cut waits for the previous heal). KIND {@code kdc} is
 * the host of the KDC singleton (the oldest Up node with role kdc), {@code member} the youngest Up node
 * without the singleton. What was cut, when, and which cut hosts the Split Brain Resolver downed (no longer
 * Up in the driver's view at the end) go into the report's faults.
 */
public final class HostPartitions {
    /** One planned cut. */
    public record Cut(String kind, double atSeconds, double forSeconds) {
        public Cut {
            if (!kind.equals("kdc") && !kind.equals("member")) {
                throw new IllegalArgumentException("--partition: host kind '" + kind + "' is neither kdc nor member");
            }
            if (atSeconds < 0 || forSeconds <= 0) {
                throw new IllegalArgumentException("--partition: needs T >= 0 and D > 0 seconds (KIND@T+D)");
            }
        }

        /** {@code kdc@10+15} (seconds; an s suffix is allowed). */
        public static Cut parse(String text) {
            String[] p = text.trim().split("[@+]");
            if (p.length != 3) {
                throw new IllegalArgumentException("--partition: '" + text + "' is not KIND@T+D (e.g. kdc@10s+15s)");
            }
            try {
                return new Cut(p[0], seconds(p[1]), seconds(p[2]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--partition: '" + text + "' is not KIND@T+D (e.g. kdc@10s+15s)");
            }
        }

        private static double seconds(String s) {
            return Double.parseDouble(s.trim().endsWith("s") ? s.trim().substring(0, s.trim().length() - 1) : s.trim());
        }
    }

    /** A cut as applied: the host and its Artery address, when it began and was healed (seconds into the traffic). */
    public record Applied(String kind, int host, String address, double cutAt, double healedAt) { }

    private final HostNetwork net;
    private final List<Cut> pending;
    private final List<Applied> applied = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<LoadReport.Partition> report = new ArrayList<>();
    private Applied current;

    public HostPartitions(HostNetwork net, List<Cut> cuts) {
        this.net = net;
        this.pending = new ArrayList<>(cuts);
        pending.sort(java.util.Comparator.comparingDouble(Cut::atSeconds));
    }

    /** Called from the traffic loop: starts and heals cuts by the clock. */
    public void tick(double seconds, Cluster cluster) {
        try {
            if (current != null && seconds >= current.cutAt() + plannedFor(current)) {
                net.heal();
                applied.add(new Applied(current.kind(), current.host(), current.address(), current.cutAt(), seconds));
                current = null;
            }
            if (current == null && !pending.isEmpty() && seconds >= pending.get(0).atSeconds()) {
                Cut c = pending.remove(0);
                akka.cluster.Member victim = victim(c.kind(), cluster);
                if (victim == null) {
                    notes.add(String.format(Locale.ROOT, "no %s host to cut at %.1f s", c.kind(), seconds));
                    return;
                }
                int host = net.hostOf(victim.address().hostPort());
                net.partition(List.of(host));
                current = new Applied(c.kind(), host, victim.address().hostPort(), seconds, c.forSeconds());
            }
        } catch (IOException e) {
            notes.add("partition failed: " + e.getMessage());
        }
    }

    /** Heals what is still cut (the traffic ended first) and returns one line per cut. */
    public List<String> finish(double seconds, Cluster cluster) {
        if (current != null) {
            try {
                net.heal();
            } catch (IOException e) {
                notes.add("heal failed: " + e.getMessage());
            }
            applied.add(new Applied(current.kind(), current.host(), current.address(), current.cutAt(), seconds));
            current = null;
        }
        pending.forEach(c -> notes.add("not applied (traffic ended first): partition " + c.kind() + "@" + c.atSeconds()));
        List<String> out = new ArrayList<>();
        for (Applied a : applied) {
            boolean up = false;
            for (akka.cluster.Member m : cluster.state().getMembers()) {
                up |= m.address().hostPort().equals(a.address()) && m.status() == MemberStatus.up();
            }
            report.add(new LoadReport.Partition(a.kind(), a.host(), a.address(), a.cutAt(), a.healedAt(), !up, null, null));
            out.add(String.format(Locale.ROOT, "partition %s host-%d (%s) cut off at %.1f s, healed at %.1f s; %s", a.kind(),
                    a.host(), a.address(), a.cutAt(), a.healedAt(), up ? "not downed" : "downed by the Split Brain Resolver"));
        }
        out.addAll(notes);
        return out;
    }

    /** The cuts as the report's structured field (after {@link #finish}). */
    public List<LoadReport.Partition> report() {
        return List.copyOf(report);
    }

    public List<Applied> applied() {
        return List.copyOf(applied);
    }

    // While a cut is on, Applied.healedAt holds the planned duration.
    private static double plannedFor(Applied a) {
        return a.healedAt();
    }

    private akka.cluster.Member victim(String kind, Cluster cluster) {
        akka.cluster.Member kdc = null;
        for (akka.cluster.Member m : cluster.state().getMembers()) {
            if (m.status() == MemberStatus.up() && m.hasRole("kdc") && net.hostOf(m.address().hostPort()) > 0
                    && (kdc == null || m.isOlderThan(kdc))) {
                kdc = m;
            }
        }
        if (kind.equals("kdc")) {
            return kdc;
        }
        akka.cluster.Member youngest = null;
        for (akka.cluster.Member m : cluster.state().getMembers()) {
            if (m.status() == MemberStatus.up() && !m.equals(kdc) && m.hasRole("member") && net.hostOf(m.address().hostPort()) > 0
                    && (youngest == null || youngest.isOlderThan(m))) {
                youngest = m;
            }
        }
        return youngest;
    }
}
