package io.qmkdc.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.actor.Member;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The KDC host's entity probing: every tick it asks each group terminal, channel and (a slice of the) members which
 * incarnation provisioned it and where it runs, and each probed member for its delivery counts; {@link #answer} says
 * what an answer means for the host ({@link Outcome}). Owned by the host and used from its thread only.
 */
final class KdcProbes {
    /** An entity's answer (null reply: none in time). */
    record Probed(String entity, boolean group, MemberEntity.ProbeReply reply) implements KdcHost.Local {
    }

    record Stats(Member.DeliveryStats stats) implements KdcHost.Local {
    }

    /** What a probe answer asks of the host. */
    sealed interface Outcome {
    }

    /** Nothing to do. */
    record Nothing() implements Outcome {
    }

    /** A group terminal or channel now runs this incarnation (initialize once all do). */
    record Provisioned(String entity) implements Outcome {
    }

    /** A group terminal or channel lost with its node: its link end is gone, start over as a new incarnation. */
    record LinkEndLost(String entity, String node) implements Outcome {
    }

    /** A member re-homed (its node died): re-provision it and re-authenticate it into its group. */
    record MemberLost(String member, String node) implements Outcome {
    }

    private static final int MEMBER_PROBES_PER_TICK = 50;
    private static final int FULL_PROBE_TICKS_AFTER_REMOVAL = 5;

    /** Where each entity runs (key = member id, group id, or {@link KdcProvisioning#CHANNEL_KEY} + link id). */
    final Map<String, String> nodes = new LinkedHashMap<>();
    final Map<String, Integer> reprovisioned = new LinkedHashMap<>();
    final Map<String, Member.DeliveryStats> stats = new LinkedHashMap<>();
    private final Set<String> reprovisioning = new HashSet<>();
    private final ActorContext<QmKdc.Inbound> ctx;
    private final long incarnation;
    private final KdcProvisioning d;
    private int memberCursor;
    private int fullProbeTicks;

    KdcProbes(ActorContext<QmKdc.Inbound> ctx, long incarnation, KdcProvisioning d) {
        this.ctx = ctx;
        this.incarnation = incarnation;
        this.d = d;
    }

    /** A node left: members re-home now, so probe all of them for a few ticks. */
    void nodeRemoved() {
        fullProbeTicks = FULL_PROBE_TICKS_AFTER_REMOVAL;
    }

    void tick(Duration timeout) {
        d.groups.forEach((id, ref) -> probe(id, ref, true, timeout));
        // A re-homed channel: like a group terminal.
        d.channels.forEach((id, ref) -> probe(KdcProvisioning.CHANNEL_KEY + id, ref, true, timeout));
        probeMembers(timeout);
    }

    /**
     * Every member each tick in a small deployment; in a large one a slice of {@link #MEMBER_PROBES_PER_TICK}
     * per tick (a burst of thousands of asks every tick stalled the traffic), and all of them for a few
     * ticks after a node left the cluster, when members re-home.
     */
    private void probeMembers(Duration timeout) {
        List<String> ids = new ArrayList<>(d.members.keySet());
        int n = ids.size();
        int count = fullProbeTicks > 0 ? n : Math.min(n, MEMBER_PROBES_PER_TICK);
        if (fullProbeTicks > 0) {
            fullProbeTicks--;
        }
        for (int k = 0; k < count; k++) {
            String id = ids.get((memberCursor + k) % n);
            ActorRef<Member.Inbound> ref = d.members.get(id);
            probe(id, ref, false, timeout);
            ctx.ask(Member.DeliveryStats.class, ref.<Member.Command>narrow(), timeout,
                    Member.GetDeliveryStats::new, (r, f) -> r == null ? new Stats(
                            new Member.DeliveryStats(id, false, -1, -1, -1, 0, -1)) : new Stats(r));
        }
        memberCursor = n == 0 ? 0 : (memberCursor + count) % n;
    }

    private void probe(String id, ActorRef<? super MemberEntity.Probe> ref, boolean group, Duration timeout) {
        ctx.ask(MemberEntity.ProbeReply.class, ref, timeout,
                replyTo -> new MemberEntity.Probe(incarnation, replyTo), (r, f) -> new Probed(id, group, r));
    }

    Outcome answer(Probed p) {
        if (p.reply() == null) {
            return new Nothing(); // its node is unreachable or being downed; sharding re-homes it once it is down
        }
        nodes.put(p.entity(), p.reply().node());
        if (p.reply().incarnation() >= incarnation) {
            reprovisioning.remove(p.entity());
            return p.group() ? new Provisioned(p.entity()) : new Nothing();
        }
        if (!reprovisioning.add(p.entity())) {
            return new Nothing(); // a probe sent before our provision reached the new entity
        }
        if (p.group()) {
            return new LinkEndLost(p.entity(), p.reply().node());
        }
        reprovisioned.merge(p.entity(), 1, Integer::sum);
        return new MemberLost(p.entity(), p.reply().node());
    }
}
