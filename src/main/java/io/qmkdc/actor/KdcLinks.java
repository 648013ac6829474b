package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import io.qmkdc.actor.link.DeliveryTap;
import io.qmkdc.actor.link.LinkAlice;
import io.qmkdc.actor.link.LinkEvent;
import io.qmkdc.crypto.Priority;
import io.qmkdc.quantum.Streams;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The KDC ends of the KDC's BB84 links ({@link LinkAlice} children: one to each group terminal in
 * per-group keying, to each member in per-member keying), found by link name, and their health:
 * keyed rounds, aborts and tamper alarms. A link is compromised on evidence only, until it keys again.
 * Part of {@link QmKdc}'s state, used by it alone.
 */
final class KdcLinks {
    private final ActorContext<QmKdc.Command> ctx;
    private final QmKdc.Settings settings;
    private final ActorRef<LinkEvent> events;
    private final Map<String, KdcGroup> byLink = new HashMap<>();
    private final Map<String, Integer> opened = new HashMap<>();

    KdcLinks(ActorContext<QmKdc.Command> ctx, QmKdc.Settings settings, ActorRef<LinkEvent> events) {
        this.ctx = ctx;
        this.settings = settings;
        this.events = events;
    }

    /** Spawns the KDC end of {@code e}'s link {@code name} and starts its first round. */
    void open(KdcGroup e, String name, ActorRef<QuantumChannel.Command> channel, byte[] authKey) {
        KdcLink l = new KdcLink(name, DeliveryTap.of(ctx.getSystem()));
        // A member that left and joins again gets a new link: its own stream and actor name (the old one may
        // not have stopped yet).
        int n = opened.merge(name, 1, Integer::sum);
        String label = n == 1 ? name : name + "#" + n;
        l.end = ctx.spawn(LinkAlice.create(name, settings.link(e.spec.linkKm()), channel, events, l.keys,
                authKey, Streams.seed(settings.seed(), "link:" + label)), n == 1 ? "link-" + name
                        : "link-" + name + "-" + n);
        l.end.tell(new LinkAlice.StartRound(Priority.REINITIALIZATION));
        e.links.put(l.name, l);
        byLink.put(l.name, e);
    }

    /** Stops {@code e}'s link {@code name} (a member that left, in per-member keying). */
    void close(KdcGroup e, String name) {
        KdcLink l = e.links.remove(name);
        if (l != null) {
            ctx.stop(l.end);
            byLink.remove(name);
        }
    }

    KdcGroup groupOf(String link) {
        return byLink.get(link);
    }

    private KdcLink find(String link) {
        KdcGroup e = byLink.get(link);
        return e == null ? null : e.links.get(link);
    }

    /** Records what the event says about its link's health; the link, or null when it is not one of ours. */
    KdcLink observed(LinkEvent event) {
        KdcLink l = find(event.link());
        if (l == null) {
            return null;
        }
        ActorMetrics.link(event);
        if (event instanceof LinkEvent.Keyed k) {
            l.compromised = false;
            l.qber = k.qber();
            l.siftedBits += Math.max(0, k.sifted());
            l.finalBits += Math.max(0, k.finalBits());
        } else if (event instanceof LinkEvent.Aborted ab) {
            // Compromised on evidence only: a timeout or a short MAC pool says nothing about an eavesdropper.
            l.compromised |= ab.evidence();
            l.aborts++;
            l.lastAbort = ab.reason();
            l.abortQber = ab.qber();
            ctx.getLog().info("link {} round {} aborted: {}", ab.link(), ab.round(), ab.reason());
        } else if (event instanceof LinkEvent.Tampered t) {
            tampered(t);
        }
        return l;
    }

    /** A message that failed its MAC check is evidence of an active attacker: compromised until the link keys again. */
    void tampered(LinkEvent.Tampered t) {
        KdcLink l = find(t.link());
        if (l != null) {
            l.tamperAlarms++;
            l.compromised |= t.evidence();
        }
    }

    /** One row per link; {@code qberThreshold}: the links' P_o (one profile for all). */
    static List<QmKdc.LinkStatus> status(Collection<KdcGroup> groups, double qberThreshold) {
        List<QmKdc.LinkStatus> out = new ArrayList<>();
        for (KdcGroup e : groups) {
            for (KdcLink l : e.links.values()) {
                out.add(new QmKdc.LinkStatus(l.name, e.spec.id(), e.spec.linkKm(), l.qber, l.compromised, l.aborts,
                        l.lastAbort, l.abortQber, l.keys.totalBits(), l.tamperAlarms, l.siftedBits, l.finalBits, qberThreshold));
            }
        }
        return out;
    }
}
