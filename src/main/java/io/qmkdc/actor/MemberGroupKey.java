package io.qmkdc.actor;

import io.qmkdc.crypto.Aead;
import io.qmkdc.crypto.AeadKey;
import io.qmkdc.gkm.GroupKey;
import io.qmkdc.gkm.GroupSender;
import io.qmkdc.gkm.ReplayFilter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A member's G_k (paper §2.3–2.5): installs each newer epoch of its own group once the KDC has
 * authenticated it — a key that overtook the verdict (other paths on a cluster) is held, the newest
 * only, and wiped if the verdict is a refusal — and seals and opens group traffic with it.
 */
final class MemberGroupKey {

    sealed interface Sealing {
    }

    record Sealed(GroupTraffic traffic) implements Sealing {
    }

    record NotSealed(String reason) implements Sealing {
    }

    private final String memberId;
    private final String groupId;
    private boolean authenticated;
    private GroupKey key;
    private GroupSender sender;
    private Member.GroupKeyIssued held;
    final ReplayFilter replays = new ReplayFilter();

    MemberGroupKey(String memberId, String groupId) {
        this.memberId = memberId;
        this.groupId = groupId;
    }

    boolean authenticated() {
        return authenticated;
    }

    /** The current G_k, or null. */
    GroupKey key() {
        return key;
    }

    long epoch() {
        return key == null ? -1 : key.epoch();
    }

    /** The KDC's verdict on this member: a pass installs a held key, a refusal wipes it. */
    void verdict(boolean passed) {
        authenticated = passed;
        Member.GroupKeyIssued g = held;
        held = null;
        if (g != null && passed) {
            issued(g);
        } else if (g != null) {
            Arrays.fill(g.key(), (byte) 0);
        }
    }

    /** G_k of an epoch from the group terminal (or opened from the member's own link); the bytes are wiped. */
    void issued(Member.GroupKeyIssued g) {
        if (!authenticated && g.groupId().equals(groupId)) {
            if (held == null || g.epoch() > held.epoch()) {
                if (held != null) {
                    Arrays.fill(held.key(), (byte) 0);
                }
                held = g;
            } else {
                Arrays.fill(g.key(), (byte) 0);
            }
            return;
        }
        if (!authenticated || !g.groupId().equals(groupId) || (key != null && g.epoch() <= key.epoch())) {
            return;
        }
        if (key != null) {
            key.destroy();
        }
        key = new GroupKey(g.groupId(), g.epoch(), AeadKey.of(g.key()));
        sender = new GroupSender(key, g.senderIndex());
        Arrays.fill(g.key(), (byte) 0);
    }

    /** Seals {@code text} under G_k and hands it to {@code send}, counted; or records why not. */
    void seal(String text, MemberTally tally, Consumer<GroupTraffic> send) {
        Sealing sealing = seal(text);
        if (sealing instanceof Sealed sealed) {
            tally.sent++;
            send.accept(sealed.traffic());
        } else {
            tally.lastRefusal = ((NotSealed) sealing).reason();
        }
    }

    private Sealing seal(String text) {
        if (sender == null) {
            return new NotSealed("no group key: " + (authenticated ? "not yet delivered" : "not authenticated"));
        }
        GroupSender.Sending s = sender.seal(text.getBytes(StandardCharsets.UTF_8));
        if (s instanceof GroupSender.NotSent n) {
            return new NotSealed(n.reason());
        }
        return new Sealed(GroupTraffic.of(((GroupSender.Sent) s).message(), memberId));
    }

    /** A group message (own group, or relayed): opened once under G_k; tampered, foreign and replayed ones rejected. */
    void deliver(GroupTraffic traffic, MemberTally tally) {
        Aead.Opening o = key == null ? new Aead.Rejected("no group key") : traffic.message().open(key);
        if (o instanceof Aead.Opened opened && replays.markFresh(traffic.message().id())) {
            if (traffic.epoch() < key.epoch()) {
                tally.stale++; // cannot open under the current key; counted so a test can assert it
            }
            tally.received.add(new String(opened.plaintext(), StandardCharsets.UTF_8));
            ActorMetrics.delivery(traffic, true);
        } else {
            tally.rejected++; // no key, tampered, under another key, or a replay
            ActorMetrics.delivery(traffic, false);
        }
    }
}
