package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import io.qmkdc.actor.link.LinkBob;
import io.qmkdc.actor.link.LinkEvent;
import io.qmkdc.actor.link.LinkKeys;
import io.qmkdc.crypto.Aead;
import io.qmkdc.crypto.Sensitivity;
import io.qmkdc.gkm.GroupKey;
import java.nio.charset.StandardCharsets;

/**
 * Per-member keying: the member's end of its own BB84 link (a {@link LinkBob} child; the protocol is
 * the link's) and what the member does with that link's key — opens C(G_k) under its P_k (paper
 * eq. 7), and seals and opens HIGH / TOP_SECRET messages for the hop to and from the KDC ({@link SecretHop}).
 */
final class MemberLinkEnd {
    private final String id;
    private final String groupId;
    private final TerminalKeys ownKeys;
    private final MemberGroupKey keys;
    private final MemberTally tally;
    private final ActorRef<QmKdc.Command> kdc;
    private Group.DeliverGroupKey waiting;

    MemberLinkEnd(ActorContext<Member.Command> ctx, String id, String groupId, Member.OwnLink link,
            MemberGroupKey keys, MemberTally tally, ActorRef<QmKdc.Command> kdc) {
        this.id = id;
        this.groupId = groupId;
        this.keys = keys;
        this.tally = tally;
        this.kdc = kdc;
        this.ownKeys = new TerminalKeys(groupId, new LinkKeys(id, io.qmkdc.actor.link.DeliveryTap.of(ctx.getSystem()), false));
        ActorRef<LinkEvent> events = ctx.messageAdapter(LinkEvent.class, Member.LinkEventReceived::new);
        ctx.spawn(LinkBob.create(id, link.settings(), link.channel(), events, ownKeys.keys(), link.preSharedAuthKey()),
                "link");
    }

    /** This member's share of its link's key (its LKH leaf key is drawn from it). */
    LinkKeys linkKeys() {
        return ownKeys.keys();
    }

    /** Eq. 7 at the member: G_k = D(C(G_k), P_k(m_i)); waits for its link end to commit P_k's round. */
    void onDeliverGroupKey(Group.DeliverGroupKey d) {
        TerminalKeys.Opening o = ownKeys.open(d);
        if (o instanceof TerminalKeys.NotYet) {
            waiting = d; // our link end commits that round in a moment
            return;
        }
        if (o instanceof TerminalKeys.Refused r) {
            tally.lastRefusal = r.reason();
            d.replyTo().tell(new QmKdc.GroupKeyAck(groupId, id, d.epoch(), false, r.reason()));
            return;
        }
        GroupKey gk = ((TerminalKeys.Opened) o).key();
        int index = d.members().stream().filter(m -> m.member().equals(id)).mapToInt(Group.MemberIndex::senderIndex)
                .findFirst().orElse(-1);
        byte[] raw = gk.key().export();
        gk.destroy();
        keys.issued(new Member.GroupKeyIssued(groupId, d.epoch(), index, raw));
        d.replyTo().tell(new QmKdc.GroupKeyAck(groupId, id, d.epoch(), index >= 0, index >= 0 ? "" : "not listed"));
    }

    void onLinkEvent(LinkEvent event) {
        if (event instanceof LinkEvent.Keyed && waiting != null && ownKeys.keys().pool(waiting.pkRound()) != null) {
            Group.DeliverGroupKey d = waiting;
            waiting = null;
            onDeliverGroupKey(d);
            return;
        }
        if (event instanceof LinkEvent.Tampered t && kdc != null) {
            kdc.tell(new QmKdc.LinkAlarm(t));
        }
    }

    /** HIGH / TOP_SECRET upward: sealed under this link's QKD key, for the KDC to re-seal per member. */
    void send(Member.SendToGroup s) {
        if (!keys.authenticated()) {
            tally.lastRefusal = s.sensitivity() + " refused: not authenticated";
            return;
        }
        SecretHop.Sealing sealing = SecretHop.seal(groupId, id, s.sensitivity(), ownKeys.keys(), true,
                s.text().getBytes(StandardCharsets.UTF_8));
        if (sealing.sealed() == null) {
            tally.lastRefusal = sealing.refusal();
            return;
        }
        tally.sent++;
        kdc.tell(new QmKdc.SecretToGroup(sealing.sealed()));
    }

    void onSecretDelivery(Member.SecretDelivery d) {
        receive(SecretHop.open(d.sealed(), ownKeys.keys(), false), tally);
    }

    /** A secret delivery opened (or not: no link) — counted as the member counts it. */
    static void receive(Aead.Opening o, MemberTally tally) {
        if (o instanceof Aead.Opened opened) {
            tally.received.add(new String(opened.plaintext(), StandardCharsets.UTF_8));
        } else {
            tally.rejected++;
        }
        ActorMetrics.secretDelivery(o instanceof Aead.Opened);
    }

    static boolean needsLink(Sensitivity s) {
        return s != null && s != Sensitivity.NORMAL;
    }
}
