package io.qmkdc.actor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sender's unacknowledged reliable messages: each waits for the recipient list of its fan-out
 * and an acknowledgement from every recipient on it; until then it is re-sent on a timer with
 * exponential backoff (first timeout, doubled per attempt up to a cap), at most {@code maxAttempts}
 * sends in all, then given up (counted).
 */
final class Outbox {
    /** Resend policy: first timeout, cap on the timeout, total sends allowed. */
    record Policy(long firstTimeoutMs, long maxTimeoutMs, int maxAttempts) {
        static final Policy DEFAULT = new Policy(1000, 8000, 8);

        long timeoutMs(int attempts) {
            long t = firstTimeoutMs << Math.min(20, Math.max(0, attempts - 1));
            return Math.min(maxTimeoutMs, t);
        }
    }

    static final class Entry {
        final long seq;
        final String targetGroup; // null: own group
        final String text;
        List<String> recipients; // null until a fan-out reported them
        final Set<String> acked = new HashSet<>();
        int attempts;
        long epoch = -1; // epoch of the last sealing, -1 if never sealed
        long deadlineNanos;
        akka.actor.typed.ActorRef<Member.Completed> replyTo; // the application, when it numbered the message

        Entry(long seq, String targetGroup, String text) {
            this.seq = seq;
            this.targetGroup = targetGroup;
            this.text = text;
        }

        /** Recipients still to acknowledge, or null while the recipients are unknown (send to all). */
        List<String> unacknowledged() {
            if (recipients == null) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (String r : recipients) {
                if (!acked.contains(r)) {
                    out.add(r);
                }
            }
            return out;
        }

        boolean complete() {
            return recipients != null && acked.containsAll(recipients);
        }
    }

    private final Map<Long, Entry> pending = new LinkedHashMap<>();
    Policy policy = Policy.DEFAULT;
    private long nextSeq;

    Entry add(String targetGroup, String text) {
        Entry e = new Entry(nextSeq++, targetGroup, text);
        pending.put(e.seq, e);
        return e;
    }

    /** An entry numbered by the application; null when {@code seq} is pending already (a re-submission). */
    Entry add(long seq, String targetGroup, String text) {
        if (pending.containsKey(seq)) {
            return null;
        }
        Entry e = new Entry(seq, targetGroup, text);
        pending.put(seq, e);
        nextSeq = Math.max(nextSeq, seq + 1);
        return e;
    }

    /** Drops the entries an application numbered (it is gone; a new one numbers from 0 again). */
    void removeNumbered() {
        pending.values().removeIf(e -> e.replyTo != null);
    }

    /** Records a send attempt at {@code nowNanos}. */
    void sent(Entry e, long nowNanos) {
        e.attempts++;
        e.deadlineNanos = nowNanos + policy.timeoutMs(e.attempts) * 1_000_000L;
    }

    Entry get(long seq) {
        return pending.get(seq);
    }

    void remove(long seq) {
        pending.remove(seq);
    }

    /** Entries whose timeout passed. */
    List<Entry> due(long nowNanos) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : pending.values()) {
            if (e.deadlineNanos - nowNanos <= 0) {
                out.add(e);
            }
        }
        return out;
    }

    int size() {
        return pending.size();
    }
}
