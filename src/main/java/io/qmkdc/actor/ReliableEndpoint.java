package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import io.qmkdc.crypto.Aead;
import io.qmkdc.gkm.GroupKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A member's reliable messaging (issue 4): sends each {@link Member.SendReliable} with an id (member id +
 * sequence), re-sends it on a timer until every recipient of its first fan-out acknowledged
 * ({@link Outbox}), re-sealing under the current G_k; delivers each received id once
 * ({@link DeliveredIds}), never under an epoch older than the member's own, and acknowledges it (or
 * lets the application do so after recording it: an end-to-end {@link Member.Subscribe}).
 */
final class ReliableEndpoint {

    /** Where a sealed reliable message goes: the own group ({@code targetGroup} null) or the KDC relay. */
    interface Route {
        void send(String targetGroup, ReliableTraffic traffic);
    }

    private final ActorContext<Member.Command> ctx;
    private final String id;
    private final String groupId;
    private final MemberGroupKey keys;
    private final MemberTally tally;
    private final Route route;
    private final Outbox outbox = new Outbox();
    private DeliveredIds deliveredIds = new DeliveredIds();
    private ActorRef<Member.Delivered> listener;
    private boolean awaitApplication;
    private boolean endToEnd;
    private long subscription;
    private boolean tickScheduled;
    private long sent;
    private long resends;
    private long resealed;
    private long gaveUp;
    private long delivered;
    private long duplicates;
    private long staleEpoch;

    ReliableEndpoint(ActorContext<Member.Command> ctx, String id, String groupId, MemberGroupKey keys,
            MemberTally tally, Route route) {
        this.ctx = ctx;
        this.id = id;
        this.groupId = groupId;
        this.keys = keys;
        this.tally = tally;
        this.route = route;
    }

    /** Hold deliveries unacknowledged until the application subscribes (a re-homed member). */
    void awaitApplication() {
        awaitApplication = true;
    }

    void policy(Member.SetResendPolicy p) {
        outbox.policy = new Outbox.Policy(p.firstTimeoutMs(), p.maxTimeoutMs(), p.maxAttempts());
    }

    Member.Reliability reliability() {
        return new Member.Reliability(id, keys.epoch(), sent, resends, resealed, gaveUp, outbox.size(), delivered,
                duplicates, staleEpoch);
    }

    void onSubscribe(Member.Subscribe sub) {
        listener = sub.listener();
        endToEnd = sub.endToEnd();
        subscription = sub.subscription();
        if (endToEnd) {
            // The application's record is authoritative; a new application numbers its messages afresh.
            deliveredIds = new DeliveredIds();
            outbox.removeNumbered();
        }
        for (int i = 0; i < sub.consumedSeqs().length; i++) {
            deliveredIds.markFresh(sub.consumedSenders().get(i), sub.consumedSeqs()[i]);
        }
    }

    void onSend(Member.SendReliable s) {
        String target = s.targetGroup() == null || s.targetGroup().equals(groupId) ? null : s.targetGroup();
        Outbox.Entry e = s.seq() < 0 ? outbox.add(target, s.text()) : outbox.add(s.seq(), target, s.text());
        if (e == null) {
            return; // a re-submission of a message still in the outbox: its re-sends carry on
        }
        e.replyTo = s.replyTo();
        sent++;
        transmit(e);
        scheduleTick();
    }

    /** Seals the entry afresh under the current G_k (a newer epoch than last time counts as re-sealed) and sends it. */
    private void transmit(Outbox.Entry e) {
        outbox.sent(e, System.nanoTime());
        keys.seal(e.text, tally, t -> { // no key yet: the timer tries again
            if (e.epoch >= 0 && t.epoch() > e.epoch) {
                resealed++;
            }
            e.epoch = t.epoch();
            route.send(e.targetGroup, new ReliableTraffic(id, e.seq, ctx.getSelf(), t, e.unacknowledged()));
        });
    }

    private void scheduleTick() {
        if (!tickScheduled && outbox.size() > 0) {
            tickScheduled = true;
            ctx.scheduleOnce(Duration.ofMillis(Math.max(10, outbox.policy.firstTimeoutMs() / 2)), ctx.getSelf(),
                    new Member.ResendTick(System.nanoTime()));
        }
    }

    void onResendTick() {
        tickScheduled = false;
        for (Outbox.Entry e : outbox.due(System.nanoTime())) {
            if (e.attempts >= outbox.policy.maxAttempts()) {
                gaveUp++;
                outbox.remove(e.seq);
                tally.lastRefusal = "gave up on message " + id + "#" + e.seq + " after " + e.attempts + " sends";
            } else {
                resends++;
                transmit(e);
            }
        }
        scheduleTick();
    }

    /**
     * The first fan-out fixes who must acknowledge; a re-send's fan-out (to the unacknowledged ones) may leave
     * some out: they departed from the group (a member re-authenticating is still listed), nothing is owed them.
     */
    void onFannedOut(Member.FannedOut f) {
        Outbox.Entry e = outbox.get(f.seq());
        if (e == null) {
            return;
        }
        if (e.recipients == null) {
            e.recipients = List.copyOf(f.recipients());
        } else {
            java.util.Set<String> to = new java.util.HashSet<>(f.recipients());
            e.recipients = e.recipients.stream().filter(r -> e.acked.contains(r) || to.contains(r)).toList();
        }
        completeIfDone(e);
    }

    void acknowledged(long seq, List<String> receivers) {
        Outbox.Entry e = outbox.get(seq);
        if (e != null) {
            e.acked.addAll(receivers);
            completeIfDone(e);
        }
    }

    private void completeIfDone(Outbox.Entry e) {
        if (e.complete()) {
            outbox.remove(e.seq);
            if (e.replyTo != null) {
                e.replyTo.tell(new Member.Completed(id, e.seq));
            }
        }
    }

    /**
     * Delivers once per message id, only under the current epoch: a message sealed under an older
     * epoch is dropped unacknowledged (the sender re-seals it on re-send); one this member cannot
     * open yet (newer epoch, no key) also waits for the re-send. Duplicates are acknowledged again.
     */
    void onDeliver(Member.DeliverReliable d) {
        if (awaitApplication && listener == null) {
            return; // not resumed by the application yet: unacknowledged, so the sender sends it again
        }
        ReliableTraffic r = d.reliable();
        GroupTraffic t = r.traffic();
        GroupKey key = keys.key();
        if (key != null && t.groupId().equals(key.groupId()) && t.epoch() < key.epoch()) {
            staleEpoch++;
            return;
        }
        if (key == null || !(t.message().open(key) instanceof Aead.Opened opened)) {
            tally.rejected++;
            return;
        }
        keys.replays.markFresh(t.message().id());
        boolean fresh = deliveredIds.markFresh(r.sender(), r.seq());
        if (fresh) {
            delivered++;
        } else {
            duplicates++;
        }
        String text = new String(opened.plaintext(), StandardCharsets.UTF_8);
        if (endToEnd) {
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
            listener.tell(new Member.Delivered(id, r.messageId(), t.epoch(), fresh ? text : "", r.sender(), r.seq(),
                    !fresh, micros, subscription, r.ackTo()));
            return; // the application acknowledges once it recorded the message
        }
        if (fresh && listener != null) {
            listener.tell(new Member.Delivered(id, r.messageId(), t.epoch(), text));
        } else if (fresh) {
            tally.received.add(text);
        }
        r.ackTo().tell(new Member.Ack(r.seq(), id));
    }
}
