package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.actor.link.LinkAlice;
import io.qmkdc.actor.link.LinkEvent;
import io.qmkdc.crypto.Priority;
import io.qmkdc.gkm.GroupKeyDistribution;
import io.qmkdc.gkm.GroupState;
import io.qmkdc.gkm.RekeyPolicy;
import io.qmkdc.gkm.RekeyTally;
import java.time.Duration;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;

/**
 * The KDC's group-key side (paper §2.3–2.4): a {@link GroupState} per group, P_k from each keyed
 * link round, and C(G_k) once a group's member sessions are settled — to the group terminal over
 * its link (per-group) or to each member over the member's link (per-member), only over links
 * with a P_k that are not compromised. Every new epoch's keys also go to the {@link Relay} ({@link RelayFeed}: its
 * own copies, by message). Part of {@link QmKdc}'s state, used by it alone.
 */
final class KdcDistribution {
    /** Epochs whose G_k the KDC (and the relay) keep for messages in flight. */
    static final int KEPT_EPOCHS = 2;

    private final GroupKeyDistribution distribution = new GroupKeyDistribution(new SecureRandom());
    private final Map<String, KdcGroup> groups = new LinkedHashMap<>();
    private final Map<String, GroupState> states = new HashMap<>();
    private final long epochBase;
    private final RekeyPolicy rekey;
    /** Schedules a {@code FlushTree} of a group after a delay (the actor's timer). */
    private final BiConsumer<String, Duration> flushLater;
    private final ActorRef<QmKdc.Command> kdc;
    private final RelayFeed relay;
    private final KdcLinks links;
    private final Logger log;

    KdcDistribution(long epochBase, RekeyPolicy rekey, ActorRef<QmKdc.Command> kdc, ActorRef<Relay.Command> relay,
            KdcLinks links, Logger log, BiConsumer<String, Duration> flushLater) {
        this.epochBase = epochBase;
        this.rekey = rekey;
        this.flushLater = flushLater;
        this.kdc = kdc;
        this.relay = new RelayFeed(relay, KEPT_EPOCHS);
        this.links = links;
        this.log = log;
    }

    KdcGroup add(QmKdc.GroupSpec spec) {
        KdcGroup e = new KdcGroup(spec);
        if (spec.perMember()) {
            e.tree = rekey.lkh() ? new KdcTree(spec.id(), rekey) : null;
            e.rekeys = e.tree != null ? e.tree.tally : new RekeyTally(RekeyPolicy.STAR, 0);
        }
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
            if (e.tree != null) {
                e.tree.changed(c.member());
            } else if (state.currentEpoch() >= 0) {
                state.join(c.member());
                starChange(e, state, false);
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
        GroupState state = states.get(e.spec.id());
        if (e.tree != null && e.members.remove(member) != null && e.passed.remove(member)) {
            e.tree.changed(member); // LKH: the leave waits for the batch
            distribute(e);
        } else if (e.members.remove(member) != null && e.passed.remove(member) && state.currentEpoch() >= 0) {
            state.leave(member);
            starChange(e, state, true);
            e.needsDelivery = true;
            distribute(e);
        }
    }

    /** A link's health is {@link KdcLinks}' business; a keyed round may carry a new P_k. */
    void linkEvent(LinkEvent event) {
        KdcLink l = links.observed(event);
        if (l != null && event instanceof LinkEvent.Keyed k) {
            keyed(links.groupOf(l.name), l, k);
        }
    }

    private void keyed(KdcGroup e, KdcLink l, LinkEvent.Keyed k) {
        if (GroupKeyWiring.newPrivateKey(e, l, k.round())) {
            GroupState state = states.get(e.spec.id());
            boolean wasPending = e.reinitializing.remove(l.name);
            if (state.currentEpoch() >= 0 && (!e.spec.perMember() || wasPending && e.reinitializing.isEmpty())) {
                // Per-group: the terminal's link has a new P_k (re-initialization or recovery).
                // Per-member: every member link of a re-initialization is keyed again.
                if (e.tree != null) {
                    e.tree.refresh();
                } else {
                    state.rekey("re-initialization: new P_k from link round " + k.round());
                }
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
        relay.send(e.spec, state);
        if (e.tree != null) {
            scheduleTreeRekey(e);
            return;
        }
        if (e.pendingAuth > 0) {
            return;
        }
        if (state.currentEpoch() < 0) {
            if (e.passed.isEmpty() || e.links.values().stream().noneMatch(KdcLink::trusted)) {
                return;
            }
            state.initialize(new ArrayList<>(e.passed));
            e.needsDelivery = true;
            relay.send(e.spec, state);
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
        recordIssued(e, state);
    }

    private void recordIssued(KdcGroup e, GroupState state) {
        e.recordedEpoch = IssuingRecord.issued(e.spec.id(), state.currentEpoch(), epochBase, e.recordedEpoch);
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
                e.rekeys.starWrap(epoch, d.nonce().length + d.ciphertext().length + Long.BYTES + Integer.BYTES);
                recordIssued(e, state);
            }
        }
    }

    /** LKH: changes within the batch interval go into one rekey (at once with a zero interval). */
    private void scheduleTreeRekey(KdcGroup e) {
        if (e.tree.scheduleFlush()) {
            flushLater.accept(e.spec.id(), Duration.ofMillis(e.tree.policy.batchMs()));
        }
    }

    /** One LKH batch: a new epoch for the changes queued, to the relay, then one multicast rekey to the group terminal. */
    void flushTree(String groupId) {
        KdcGroup e = groups.get(groupId);
        GroupState state = states.get(groupId);
        KdcTree.Rekeyed r = e == null || e.tree == null ? null : e.tree.flush(e, state, kdc);
        if (r != null) {
            relay.send(e.spec, state); // the relay holds the epoch's key before any member can
            r.sendTo(e);
            recordIssued(e, state);
        }
    }

    private static void starChange(KdcGroup e, GroupState state, boolean leave) {
        if (e.rekeys != null) {
            e.rekeys.starChange(state.currentEpoch(), leave, System.nanoTime());
        }
    }

    /** What membership changes cost in each per-member group so far. */
    void restartRekeyStats() {
        groups.values().stream().filter(e -> e.rekeys != null).forEach(e -> e.rekeys.restart());
    }

    List<RekeyTally.Summary> rekeyStats() {
        return groups.values().stream().filter(e -> e.rekeys != null).map(e -> e.rekeys.summary()).toList();
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
            if (a.epoch() > e.installedEpoch
                    && states.get(a.groupId()).members().stream().allMatch(m -> e.ackedEpoch.getOrDefault(m, -1L) >= a.epoch())) {
                e.installedEpoch = Math.max(e.installedEpoch, a.epoch());
                e.rekeys.installed(a.epoch(), System.nanoTime());
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
}
