package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.actor.link.LinkAlice;
import io.qmkdc.actor.link.LinkEvent;
import io.qmkdc.crypto.Priority;
import io.qmkdc.gkm.GroupKey;
import io.qmkdc.gkm.GroupKeyDistribution;
import io.qmkdc.gkm.GroupState;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The KDC's group-key side (paper §2.3–2.4): a {@link GroupState} per group, P_k from each keyed
 * link round, and C(G_k) once a group's member sessions are settled — to the group terminal over
 * its link (per-group) or to each member over the member's link (per-member), only over links
 * with a P_k that are not compromised. Every new epoch's keys also go to the {@link Relay} (its
 * own copies, by message). Part of {@link QmKdc}'s state, used by it alone.
 */
final class KdcDistribution {
    /** Epochs whose G_k the KDC (and the relay) keep for messages in flight. */
    static final int KEPT_EPOCHS = 2;

    private final GroupKeyDistribution distribution = new GroupKeyDistribution(new SecureRandom());
    private final Map<String, KdcGroup> groups = new LinkedHashMap<>();
    private final Map<String, GroupState> states = new HashMap<>();
    private final Map<String, KdcGroup> byLink = new HashMap<>();
    private final Map<String, Long> relayedEpoch = new HashMap<>();
    private final long epochBase;
    private final ActorRef<QmKdc.Command> kdc;
    private final ActorRef<Relay.Command> relay;
    private final Logger log;

    KdcDistribution(long epochBase, ActorRef<QmKdc.Command> kdc, ActorRef<Relay.Command> relay, Logger log) {
        this.epochBase = epochBase;
        this.kdc = kdc;
        this.relay = relay;
        this.log = log;
    }

    KdcGroup add(QmKdc.GroupSpec spec) {
        KdcGroup e = new KdcGroup(spec);
        groups.put(spec.id(), e);
        states.put(spec.id(), new GroupState(spec.id(), distribution, KEPT_EPOCHS, epochBase));
        return e;
    }

    KdcGroup group(String id) {
        return groups.get(id);
    }

    Set<String> groupIds() {
        return groups.keySet();
    }

    Collection<KdcGroup> groups() {
        return groups.values();
    }

    void linkOpened(KdcGroup e, KdcLink l) {
        e.links.put(l.name, l);
        byLink.put(l.name, e);
    }

    void linkClosed(String name) {
        byLink.remove(name);
    }

    /** An authentication session of {@code c.member()} ended; {@code current}: it is the member's latest. */
    void authenticated(KdcGroup e, Authenticator.Completed c, boolean current) {
        e.pendingAuth--;
        if (!current) {
            // The member left, or was re-provisioned (Leave, Join) into a newer session: this one only
            // stops holding the group's key back.
            distribute(e);
            return;
        }
        GroupState state = states.get(e.spec.id());
        if (c.passed()) {
            e.passed.add(c.member());
            if (state.currentEpoch() >= 0) {
                state.join(c.member());
                e.needsDelivery = true;
            }
        } else {
            log.info("member {} refused: {}", c.member(), c.reason());
        }
        if (c.timedOut()) {
            // Gone mid-session (e.g. its node died): not a member until a later Join authenticates it again.
            e.members.remove(c.member());
        }
        distribute(e);
    }

    /** {@code member} left {@code e}: a new epoch without it, if it held the key. */
    void left(KdcGroup e, String member) {
        if (e.members.remove(member) != null && e.passed.remove(member) && states.get(e.spec.id()).currentEpoch() >= 0) {
            states.get(e.spec.id()).leave(member);
            e.needsDelivery = true;
            distribute(e);
        }
    }

    void linkEvent(LinkEvent event) {
        KdcGroup e = byLink.get(event.link());
        KdcLink l = e == null ? null : e.links.get(event.link());
        if (l == null) {
            return;
        }
        ActorMetrics.link(event);
        if (event instanceof LinkEvent.Keyed k) {
            keyed(e, l, k);
        } else if (event instanceof LinkEvent.Aborted ab) {
            // Compromised on evidence only: a timeout or a short MAC pool says nothing about an eavesdropper.
            l.compromised |= ab.evidence();
            l.aborts++;
            l.lastAbort = ab.reason();
            l.abortQber = ab.qber();
            log.info("link {} round {} aborted: {}", ab.link(), ab.round(), ab.reason());
        } else if (event instanceof LinkEvent.Tampered t) {
            tampered(t);
        }
    }

    /** A message that failed its MAC check is evidence of an active attacker: compromised until the link keys again. */
    void tampered(LinkEvent.Tampered t) {
        KdcGroup e = byLink.get(t.link());
        KdcLink l = e == null ? null : e.links.get(t.link());
        if (l != null) {
            l.tamperAlarms++;
            l.compromised |= t.evidence();
        }
    }

    private void keyed(KdcGroup e, KdcLink l, LinkEvent.Keyed k) {
        l.compromised = false;
        l.qber = k.qber();
        if (GroupKeyWiring.newPrivateKey(e, l, k.round())) {
            GroupState state = states.get(e.spec.id());
            boolean wasPending = e.reinitializing.remove(l.name);
            if (state.currentEpoch() >= 0 && (!e.spec.perMember() || wasPending && e.reinitializing.isEmpty())) {
                // Per-group: the terminal's link has a new P_k (re-initialization or recovery).
                // Per-member: every member link of a re-initialization is keyed again.
                state.rekey("re-initialization: new P_k from link round " + k.round());
                e.needsDelivery = true;
            }
            distribute(e);
        } else {
            // A small round's finite-size key can fall short of the 256 bits P_k needs: like an
            // aborted round, the link simply runs another one.
            l.end.tell(new LinkAlice.StartRound(Priority.REINITIALIZATION));
        }
    }

    /** Issues the current G_k once the group's member sessions are settled (every epoch change comes through here). */
    void distribute(KdcGroup e) {
        GroupState state = states.get(e.spec.id());
        toRelay(e, state);
        if (e.pendingAuth > 0) {
            return;
        }
        if (state.currentEpoch() < 0) {
            if (e.passed.isEmpty() || e.links.values().stream().noneMatch(KdcLink::trusted)) {
                return;
            }
            state.initialize(new ArrayList<>(e.passed));
            e.needsDelivery = true;
            toRelay(e, state);
        }
        if (e.spec.perMember()) {
            distributeToMembers(e, state);
            return;
        }
        KdcLink l = e.links.get(e.spec.id());
        if (!l.trusted() || !e.needsDelivery) {
            return;
        }
        e.needsDelivery = false;
        Group.DeliverGroupKey d = GroupKeyWiring.wrap(e, l, state, kdc);
        if (d == null) {
            log.info("group {}: G_k not wrapped: {}", e.spec.id(), e.refusal);
            return;
        }
        e.spec.group().tell(d);
    }

    private void distributeToMembers(KdcGroup e, GroupState state) {
        long epoch = state.currentEpoch();
        if (e.membershipEpoch < epoch) {
            List<Group.MemberIndex> members = new ArrayList<>();
            for (String m : state.members()) {
                members.add(new Group.MemberIndex(m, state.senderIndex(m).orElseThrow()));
            }
            e.spec.group().tell(new Group.Membership(e.spec.id(), epoch, members));
            e.membershipEpoch = epoch;
        }
        for (String m : state.members()) {
            KdcLink l = e.links.get(m);
            if (l == null || !l.trusted() || e.sentEpoch.getOrDefault(m, -1L) >= epoch) {
                continue;
            }
            Group.DeliverGroupKey d = GroupKeyWiring.wrap(e, l, state, kdc);
            if (d != null) {
                e.members.get(m).tell(new Member.DeliverGroupKey(d));
                e.sentEpoch.put(m, epoch);
            }
        }
    }

    /** The keys of epochs the relay has not had yet, before any member can hold them. */
    private void toRelay(KdcGroup e, GroupState state) {
        long from = relayedEpoch.getOrDefault(e.spec.id(), -1L);
        List<GroupKey> fresh = new ArrayList<>();
        for (long epoch = Math.max(from + 1, state.currentEpoch() - KEPT_EPOCHS + 1); epoch <= state.currentEpoch(); epoch++) {
            Optional<GroupKey> k = state.keyFor(epoch);
            k.ifPresent(fresh::add);
        }
        if (!fresh.isEmpty()) {
            relay.tell(Relay.EpochKeys.copyOf(e.spec.id(), e.spec.group(), fresh));
            relayedEpoch.put(e.spec.id(), state.currentEpoch());
        }
    }

    void acknowledged(QmKdc.GroupKeyAck a) {
        KdcGroup e = groups.get(a.groupId());
        if (e == null) {
            return;
        }
        if (!a.installed()) {
            e.refusal = a.from() + ": " + a.reason();
        } else if (!e.spec.perMember()) {
            e.installedEpoch = Math.max(e.installedEpoch, a.epoch());
            ActorMetrics.groupKeyEpoch(a.groupId(), e.installedEpoch);
        } else {
            e.ackedEpoch.put(a.from(), a.epoch());
            // Installed when every current member holds it.
            if (states.get(a.groupId()).members().stream().allMatch(m -> e.ackedEpoch.getOrDefault(m, -1L) >= a.epoch())) {
                e.installedEpoch = Math.max(e.installedEpoch, a.epoch());
                ActorMetrics.groupKeyEpoch(a.groupId(), e.installedEpoch);
            }
        }
    }

    /** HIGH / TOP_SECRET: opened on the sender's link, re-sealed on each recipient's. */
    SecretHop.Relayed secret(SecretHop.Sealed sealed) {
        KdcGroup e = groups.get(sealed.groupId());
        SecretHop.Relayed r = SecretHop.relay(sealed, e, e == null ? null : states.get(e.spec.id()));
        r.deliveries().forEach((member, s) -> e.members.get(member).tell(new Member.SecretDelivery(s)));
        return r;
    }

    List<QmKdc.GroupStatus> status() {
        List<QmKdc.GroupStatus> out = new ArrayList<>();
        for (KdcGroup e : groups.values()) {
            out.add(e.status(states.get(e.spec.id()).currentEpoch()));
        }
        return out;
    }

    List<QmKdc.LinkStatus> links() {
        List<QmKdc.LinkStatus> out = new ArrayList<>();
        for (KdcGroup e : groups.values()) {
            for (KdcLink l : e.links.values()) {
                out.add(new QmKdc.LinkStatus(l.name, e.spec.id(), e.spec.linkKm(), l.qber, l.compromised, l.aborts,
                        l.lastAbort, l.abortQber, l.keys.totalBits(), l.tamperAlarms));
            }
        }
        return out;
    }
}
