package io.qmkdc.load;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.Application;
import io.qmkdc.wire.CborSerializable;
import io.qmkdc.cluster.MemberEntity;
import io.qmkdc.actor.NodePort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The application behind every member of a cluster load run (the {@link Application} end of reliable
 * messaging): it numbers and sends the driver's messages through sharding, records each delivery a
 * node's port reports — (message, receiver) marked once; a second "fresh" mark is a duplicate at the
 * application — before the port may acknowledge it, answers a re-homed member's resume with what it
 * consumed, and re-submits (same id) every message not {@link Member.Completed} within
 * {@code resubmitAfter}, e.g. because its sender's node died with the outbox. Message n is
 * ("m" + sender index, seq), seq counting the sender's messages from 0; its text is "L" + n.
 */
final class LoadApplication extends AbstractBehavior<Application.Inbound> {
    /** The driver's requests and the application's own timer. */
    sealed interface Command extends Application.Inbound permits Send, GetCounts, Finish, ResubmitTick,
            GetOutstanding, GetSeen {
    }

    /** From the driver: send message {@code n} from member {@code sender} to {@code targetGroup} (null: own group). */
    record Send(int n, int sender, String targetGroup, int expected, boolean measured) implements Command, CborSerializable {
    }

    record GetCounts(ActorRef<Counts> replyTo) implements Command, CborSerializable {
    }

    record Counts(int sent, int completed, long delivered, long expected, long duplicates) implements CborSerializable {
    }

    record Finish(ActorRef<Totals> replyTo) implements Command, CborSerializable {
    }

    /**
     * Deliveries recorded, duplicates at the application (a member handed on a message it had handed on
     * before), copies members recognised themselves, deliveries under an epoch older than one the same
     * receiver had already delivered under, re-submissions, resumes answered.
     */
    record Totals(LatencySample.Summary all, LatencySample.Summary relayed, long delivered, long expected,
            long duplicates, long memberDuplicates, long staleDeliveries, long resubmissions, long resumes,
            int completed, int sent, List<LatencyTimeline.Second> timeline, long departedNewerEpoch)
            implements CborSerializable {
    }

    private record ResubmitTick() implements Command {
    }

    /** Churn: how many of {@code sender}'s messages are not completed (asked after the driver's sends, in order). */
    record GetOutstanding(int sender, ActorRef<Outstanding> replyTo) implements Command, CborSerializable {
    }

    record Outstanding(int messages) implements CborSerializable {
    }

    /** Churn: which receivers recorded each message ({@link BitSet#toLongArray} of message n's marks). */
    record GetSeen(ActorRef<Seen> replyTo) implements Command, CborSerializable {
    }

    record Seen(long[][] receivers) implements CborSerializable {
        BitSet[] bitSets() {
            BitSet[] out = new BitSet[receivers.length];
            for (int n = 0; n < out.length; n++) {
                out[n] = BitSet.valueOf(receivers[n]);
            }
            return out;
        }
    }

    private final String[] ids;
    private final List<EntityRef<Member.Inbound>> refs = new ArrayList<>();
    private final long resubmitNanos;
    private final ActorRef<Member.Completed> completions;
    private int sent;
    private int[] senderOf = new int[1 << 16];
    private long[] seqOf = new long[1 << 16];
    private long[] sentMicros = new long[1 << 16];
    private long[] lastSubmit = new long[1 << 16];
    private String[] target = new String[1 << 16];
    private BitSet[] seen = new BitSet[1 << 16];
    private final BitSet warmup = new BitSet(); // sent during the warm-up: counted, but not in the latencies
    private final BitSet completed = new BitSet();
    private final int[][] bySender;
    private final int[] sentBy;
    private final int[][] consumed;
    private final int[] consumedCount;
    private final long[] lastEpoch;
    private final LatencySample all = new LatencySample();
    private final LatencySample relayed = new LatencySample();
    private final LatencyTimeline timeline = new LatencyTimeline();
    private long expected;
    private long delivered;
    private long duplicates;
    private long memberDuplicates;
    private long stale;
    private long resubmissions;
    private long resumes;
    private int firstIncomplete;
    /** Batches recorded, per node port: a port re-sends a batch whose answer it did not get, recorded once. */
    private final Map<ActorRef<NodePort.Command>, Set<Long>> recordedBatches = new HashMap<>();

    static Behavior<Application.Inbound> create(List<String> memberIds, Duration resubmitAfter, Member.SetResendPolicy policy) {
        return create(memberIds, resubmitAfter, policy, null);
    }

    /**
     * With churn: {@code awayEpoch} (written by the driver's {@link Churn}, read here; both on the driver's node) is each
     * member's last epoch it may open while away; a delivery under a newer one is counted.
     */
    static Behavior<Application.Inbound> create(List<String> memberIds, Duration resubmitAfter, Member.SetResendPolicy policy,
            java.util.concurrent.atomic.AtomicLongArray awayEpoch) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(t -> new LoadApplication(ctx, t, memberIds, resubmitAfter,
                policy, awayEpoch)));
    }

    private final java.util.concurrent.atomic.AtomicLongArray awayEpoch;
    private long departedNewer;

    private final Member.SetResendPolicy policy;

    private LoadApplication(ActorContext<Application.Inbound> ctx, TimerScheduler<Application.Inbound> timers, List<String> memberIds,
            Duration resubmitAfter, Member.SetResendPolicy policy, java.util.concurrent.atomic.AtomicLongArray awayEpoch) {
        super(ctx);
        this.policy = policy;
        this.awayEpoch = awayEpoch;
        this.ids = memberIds.toArray(String[]::new);
        ClusterSharding sharding = ClusterSharding.get(ctx.getSystem());
        for (String id : ids) {
            refs.add(sharding.entityRefFor(MemberEntity.TYPE, id));
        }
        this.resubmitNanos = resubmitAfter.toNanos();
        this.completions = ctx.getSelf().narrow();
        bySender = new int[ids.length][16];
        sentBy = new int[ids.length];
        consumed = new int[ids.length][16];
        consumedCount = new int[ids.length];
        lastEpoch = new long[ids.length];
        Arrays.fill(lastEpoch, Long.MIN_VALUE);
        ctx.getSystem().receptionist().tell(Receptionist.register(Application.KEY, ctx.getSelf()));
        timers.startTimerWithFixedDelay(new ResubmitTick(), Duration.ofMillis(Math.max(100, resubmitAfter.toMillis() / 4)));
    }

    @Override
    public Receive<Application.Inbound> createReceive() {
        return newReceiveBuilder()
                .onMessage(Send.class, this::onSend)
                .onMessage(Application.Record.class, this::onRecord)
                .onMessage(Application.Resume.class, this::onResume)
                .onMessage(Member.Completed.class, c -> {
                    int s = index(c.sender());
                    if (s >= 0 && c.seq() >= 0 && c.seq() < sentBy[s]) {
                        completed.set(bySender[s][(int) c.seq()]);
                    }
                    return this;
                })
                .onMessage(ResubmitTick.class, t -> onResubmit())
                .onMessage(GetCounts.class, g -> {
                    g.replyTo().tell(new Counts(sent, completed.cardinality(), delivered, expected, duplicates));
                    return this;
                })
                .onMessage(Finish.class, f -> {
                    f.replyTo().tell(new Totals(all.summary(), relayed.summary(), delivered, expected, duplicates,
                            memberDuplicates, stale, resubmissions, resumes, completed.cardinality(), sent,
                            timeline.seconds(), departedNewer));
                    return this;
                })
                .onMessage(GetOutstanding.class, g -> {
                    int s = g.sender();
                    int open = 0;
                    for (int k = 0; s >= 0 && s < ids.length && k < sentBy[s]; k++) {
                        open += completed.get(bySender[s][k]) ? 0 : 1;
                    }
                    g.replyTo().tell(new Outstanding(open));
                    return this;
                })
                .onMessage(GetSeen.class, g -> {
                    long[][] marks = new long[sent][];
                    for (int n = 0; n < sent; n++) {
                        marks[n] = seen[n].toLongArray();
                    }
                    g.replyTo().tell(new Seen(marks));
                    return this;
                })
                .build();
    }

    private Behavior<Application.Inbound> onSend(Send s) {
        int n = s.n();
        if (n != sent) {
            throw new IllegalStateException("messages are numbered in order: expected " + sent + ", got " + n);
        }
        grow(n + 1);
        int seq = sentBy[s.sender()]++;
        if (seq == bySender[s.sender()].length) {
            bySender[s.sender()] = Arrays.copyOf(bySender[s.sender()], seq * 2);
        }
        bySender[s.sender()][seq] = n;
        senderOf[n] = s.sender();
        seqOf[n] = seq;
        target[n] = s.targetGroup();
        seen[n] = new BitSet();
        if (!s.measured()) {
            warmup.set(n);
        }
        expected += s.expected();
        sent++;
        sentMicros[n] = nowMicros();
        submit(n);
        return this;
    }

    private void submit(int n) {
        lastSubmit[n] = System.nanoTime();
        refs.get(senderOf[n]).tell(new Member.SendReliable(target[n], "L" + n, seqOf[n], completions));
    }

    private Behavior<Application.Inbound> onRecord(Application.Record r) {
        String[] senders = r.senderIds();
        String[] receivers = r.receiverIds();
        if (senders.length != r.size() || receivers.length != r.size() || r.epochs().length != r.size()
                || r.atMicros().length != r.size() || r.duplicates().length != r.size()) {
            return this; // malformed: not acknowledged, the senders send again
        }
        if (!recordedBatches.computeIfAbsent(r.replyTo(), k -> new HashSet<>()).add(r.batch())) {
            r.replyTo().tell(new NodePort.Recorded(r.batch())); // a re-send: its first copy was recorded
            return this;
        }
        for (int i = 0; i < r.size(); i++) {
            int s = index(senders[i]);
            int receiver = index(receivers[i]);
            long seq = r.seqs()[i];
            if (s < 0 || receiver < 0 || seq < 0 || seq >= sentBy[s]) {
                continue; // not a message of this run
            }
            if (r.duplicates()[i]) {
                memberDuplicates++;
                continue;
            }
            int n = bySender[s][(int) seq];
            if (seen[n].get(receiver)) {
                duplicates++;
                continue;
            }
            seen[n].set(receiver);
            delivered++;
            if (r.epochs()[i] < lastEpoch[receiver]) {
                stale++;
            }
            lastEpoch[receiver] = Math.max(lastEpoch[receiver], r.epochs()[i]);
            if (awayEpoch != null && r.epochs()[i] > awayEpoch.get(receiver)) {
                departedNewer++; // a departed member opened an epoch made without it
            }
            int c = consumedCount[receiver]++;
            if (c == consumed[receiver].length) {
                consumed[receiver] = Arrays.copyOf(consumed[receiver], c * 2);
            }
            consumed[receiver][c] = n;
            long latency = (r.atMicros()[i] - sentMicros[n]) * 1000;
            timeline.add(sentMicros[n] - sentMicros[0], latency);
            if (!warmup.get(n)) {
                all.add(latency);
                if (target[n] != null) {
                    relayed.add(latency);
                }
            }
        }
        r.replyTo().tell(new NodePort.Recorded(r.batch()));
        return this;
    }

    private Behavior<Application.Inbound> onResume(Application.Resume r) {
        int receiver = index(r.receiver());
        List<String> senders = new ArrayList<>();
        long[] seqs = new long[receiver < 0 ? 0 : consumedCount[receiver]];
        for (int i = 0; i < seqs.length; i++) {
            int n = consumed[receiver][i];
            senders.add(ids[senderOf[n]]);
            seqs[i] = seqOf[n];
        }
        resumes++;
        r.replyTo().tell(new Application.Snapshot(r.receiver(), senders, seqs));
        if (receiver >= 0) {
            refs.get(receiver).tell(policy); // a (re)started member re-sends at this run's pace
        }
        return this;
    }

    private Behavior<Application.Inbound> onResubmit() {
        long now = System.nanoTime();
        while (firstIncomplete < sent && completed.get(firstIncomplete)) {
            firstIncomplete++;
        }
        for (int n = completed.nextClearBit(firstIncomplete); n < sent; n = completed.nextClearBit(n + 1)) {
            if (now - lastSubmit[n] > resubmitNanos) {
                resubmissions++;
                submit(n);
            }
        }
        return this;
    }

    /** Member index of "m" + digits, -1 for anything else. */
    private int index(String id) {
        if (id == null || id.length() < 2 || id.charAt(0) != 'm') {
            return -1;
        }
        try {
            int i = Integer.parseInt(id, 1, id.length(), 10);
            return i < ids.length && ids[i].equals(id) ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void grow(int size) {
        if (size <= senderOf.length) {
            return;
        }
        int cap = senderOf.length * 2;
        senderOf = Arrays.copyOf(senderOf, cap);
        seqOf = Arrays.copyOf(seqOf, cap);
        sentMicros = Arrays.copyOf(sentMicros, cap);
        lastSubmit = Arrays.copyOf(lastSubmit, cap);
        target = Arrays.copyOf(target, cap);
        seen = Arrays.copyOf(seen, cap);
    }

    static long nowMicros() {
        java.time.Instant t = java.time.Instant.now();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
