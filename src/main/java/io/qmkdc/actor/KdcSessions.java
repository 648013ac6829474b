package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import io.qmkdc.actor.auth.AuthKeys;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.QuantumRegistry;
import io.qmkdc.quantum.Streams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The KDC's member authentication sessions (paper §2.2): K_c provisioned per member, one
 * {@link Authenticator} child per session, and which group and session each result belongs to.
 * Part of {@link QmKdc}'s state, used by it alone.
 */
final class KdcSessions {
    private final ActorContext<QmKdc.Command> ctx;
    private final QmKdc.Settings settings;
    private final QuantumRegistry registry;
    private final ActorRef<Authenticator.Completed> events;
    private final AuthKeys authKeys = new AuthKeys();
    private final List<Authenticator.Completed> results = new ArrayList<>();
    private int sessions;
    private final Map<String, Integer> sessionsOf = new HashMap<>();
    /** The group of each session in flight, and the latest session of each (group, member). */
    private final Map<String, String> groupOf = new HashMap<>();
    private final Map<String, String> latest = new HashMap<>();

    KdcSessions(ActorContext<QmKdc.Command> ctx, QmKdc.Settings settings, QuantumRegistry registry,
            ActorRef<Authenticator.Completed> events) {
        this.ctx = ctx;
        this.settings = settings;
        this.registry = registry;
        this.events = events;
    }

    /** Provisions {@code m}'s K_c and starts a session over the group's channel (the member's in per-member keying). */
    void start(KdcGroup e, QmKdc.MemberSpec m) {
        BitVector kc = BitVector.wrap(m.kc().clone(), m.kcBits());
        authKeys.provision(m.id(), kc);
        KeyAudit.issued(kc.toBytes());
        kc.wipe();
        e.members.put(m.id(), m.member());
        e.pendingAuth++;
        String name = "auth-" + m.id() + "-" + (++sessions);
        int ofMember = sessionsOf.merge(m.id(), 1, Integer::sum); // labels the session's stream: not the global order
        groupOf.put(name, e.spec.id());
        latest.put(e.spec.id() + "/" + m.id(), name);
        ActorRef<QuantumChannel.Command> channel = e.spec.perMember() ? m.channel() : e.spec.channel();
        ctx.spawn(Authenticator.create(name, m.id(), m.member(), channel, registry, settings.auth(), authKeys,
                Streams.seed(settings.seed(), "auth:" + m.id() + "#" + ofMember), events), name);
    }

    /** Hands a result to the groups it belongs to, saying whether it is the member's latest session there. */
    void completed(Authenticator.Completed c, Iterable<KdcGroup> groups, KdcDistribution keys) {
        results.add(c);
        ActorMetrics.authentication(c);
        String groupId = groupOf.remove(c.session());
        for (KdcGroup e : groups) {
            if (groupId == null ? e.members.containsKey(c.member()) : groupId.equals(e.spec.id())) {
                boolean current = e.members.containsKey(c.member())
                        && c.session().equals(latest.get(e.spec.id() + "/" + c.member()));
                keys.authenticated(e, c, current);
            }
        }
    }

    List<Authenticator.Completed> results() {
        return List.copyOf(results);
    }

    QmKdc.AuthProgress progress() {
        return new QmKdc.AuthProgress(results.size(), (int) results.stream().filter(Authenticator.Completed::passed).count());
    }
}
