package io.qmkdc.actor;

import io.qmkdc.wire.CborSerializable;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import akka.cluster.typed.Cluster;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.ReliableTraffic;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's delivery port for reliable group traffic (one per node, registered under {@link #KEY}).
 * A group terminal sends it one {@link Fanout} per message for all recipients on this node instead
 * of one remote message each; the port hands it to the local members. The members' deliveries come
 * back here, go to the {@link Application} in batches, and only once the application
 * {@link Recorded} a batch are its acknowledgements sent — one {@link Member.Acks} per message and
 * node. So a node that dies loses only unacknowledged deliveries, which the senders send again.
 * A member (re)started here is resumed: the application's snapshot of what it consumed first.
 */
public final class NodePort extends AbstractBehavior<NodePort.Command> {
    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "qmkdc-node-port");
    private static final Duration FLUSH = Duration.ofMillis(10);
    /**
     * A batch not {@link Recorded} within this is sent again (same batch number; the application records a batch
     * once): Artery may drop a Record (send-queue overflow, a restarted outbound stream), and the members have
     * already counted those deliveries as made, so without the re-send they would be lost.
     */
    private static final long RECORD_RETRY_NANOS = Duration.ofSeconds(5).toNanos();
    /** Entries per {@link Application.Record}: well under Artery's 1 MiB frame even with long ids. */
    private static final int MAX_BATCH = 2000;

    public sealed interface Command extends CborSerializable {
    }

    /** From a member entity on this node: the member it runs now. */
    public record LocalMember(String id, ActorRef<Member.Command> member) implements Command {
    }

    /** From a group terminal: deliver {@code reliable} to these members of this node. */
    public record Fanout(ReliableTraffic reliable, List<String> recipients) implements Command {
    }

    /** From the application: batch {@code batch} is recorded; its acknowledgements may go. */
    public record Recorded(long batch) implements Command {
    }

    public record GetNodeStats(ActorRef<NodeStats> replyTo) implements Command {
    }

    /**
     * The node: address, roles, members running here, process CPU time so far, heap used, and the reliable messages
     * its {@link TransitFaults} dropped and sent twice (0 unless the load driver switched them on).
     */
    public record NodeStats(String address, List<String> roles, int members, long cpuNanos, long uptimeNanos,
            int processors, double heapMb, long injectedDrops, long injectedDuplicates) implements CborSerializable {
    }

    private record DeliveredHere(Member.Delivered delivered) implements Command {
    }

    private record Resumed(Application.Snapshot snapshot) implements Command {
    }

    private record ApplicationsChanged(List<ActorRef<Application.Inbound>> apps) implements Command {
    }

    private record Flush() implements Command {
    }

    /** A batch sent to the application, not recorded yet. */
    private static final class Unrecorded {
        final List<Member.Delivered> deliveries;
        final Application.Record record;
        long sentAt;

        Unrecorded(List<Member.Delivered> deliveries, Application.Record record, long sentAt) {
            this.deliveries = deliveries;
            this.record = record;
            this.sentAt = sentAt;
        }
    }

    private final Map<String, ActorRef<Member.Command>> members = new HashMap<>();
    private final Map<String, Long> subscriptions = new HashMap<>();
    private final List<Member.Delivered> pending = new ArrayList<>();
    private final Map<Long, Unrecorded> inFlight = new LinkedHashMap<>();
    private final ActorRef<Member.Delivered> deliveries;
    private final ActorRef<Application.Snapshot> snapshots;
    private ActorRef<Application.Inbound> application;
    private long nextBatch;
    private long nextSubscription = 1;
    private final TransitFaults transit;
    private final TransitFaults.Link faults; // on the deliveries to members: the load driver's test faults, else none

    public static Behavior<Command> create() {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new NodePort(ctx, timers)));
    }

    private NodePort(ActorContext<Command> ctx, TimerScheduler<Command> timers) {
        super(ctx);
        this.deliveries = ctx.messageAdapter(Member.Delivered.class, DeliveredHere::new);
        this.snapshots = ctx.messageAdapter(Application.Snapshot.class, Resumed::new);
        this.transit = TransitFaults.get(ctx.getSystem());
        this.faults = transit.link("deliver:" + ctx.getSelf().path());
        ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
        ActorRef<Receptionist.Listing> apps = ctx.messageAdapter(Receptionist.Listing.class,
                l -> new ApplicationsChanged(List.copyOf(l.getServiceInstances(Application.KEY))));
        ctx.getSystem().receptionist().tell(Receptionist.subscribe(Application.KEY, apps));
        timers.startTimerWithFixedDelay(new Flush(), FLUSH);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(LocalMember.class, this::onLocalMember)
                .onMessage(Fanout.class, this::onFanout)
                .onMessage(DeliveredHere.class, d -> {
                    Long current = subscriptions.get(d.delivered().receiver());
                    if (current != null && current == d.delivered().subscription()) {
                        pending.add(d.delivered()); // from a replaced member: dropped unacknowledged
                    }
                    return this;
                })
                .onMessage(Flush.class, f -> {
                    retryUnrecorded();
                    return flush();
                })
                .onMessage(Recorded.class, this::onRecorded)
                .onMessage(Resumed.class, this::onResumed)
                .onMessage(ApplicationsChanged.class, this::onApplications)
                .onMessage(GetNodeStats.class, this::onStats)
                .build();
    }

    private Behavior<Command> onLocalMember(LocalMember l) {
        members.put(l.id(), l.member());
        subscriptions.remove(l.id());
        flush(); // the application records what the old member delivered before it answers the resume
        resume(l.id());
        return this;
    }

    private void resume(String id) {
        if (application != null) {
            application.tell(new Application.Resume(id, snapshots));
        }
    }

    private Behavior<Command> onResumed(Resumed r) {
        Application.Snapshot s = r.snapshot();
        ActorRef<Member.Command> m = members.get(s.receiver());
        if (m != null && !subscriptions.containsKey(s.receiver())) {
            long sub = nextSubscription++;
            subscriptions.put(s.receiver(), sub);
            m.tell(new Member.Subscribe(deliveries, sub, true, s.senders(), s.seqs()));
        }
        return this;
    }

    private Behavior<Command> onApplications(ApplicationsChanged a) {
        ActorRef<Application.Inbound> app = a.apps().isEmpty() ? null : a.apps().get(0);
        if (app != null && !app.equals(application)) {
            application = app;
            inFlight.clear(); // the old application's batches mean nothing to a new one: its members resume afresh
            members.keySet().forEach(id -> {
                subscriptions.remove(id);
                resume(id);
            });
        } else if (app == null) {
            application = null;
        }
        return this;
    }

    private Behavior<Command> onFanout(Fanout f) {
        Member.DeliverReliable d = new Member.DeliverReliable(f.reliable());
        for (String id : f.recipients()) {
            ActorRef<Member.Command> m = members.get(id);
            if (m != null) { // not here (re-homed away): unacknowledged, the sender sends it again
                faults.send(m, d);
            }
        }
        return this;
    }

    private Behavior<Command> flush() {
        while (!pending.isEmpty() && application != null) {
            List<Member.Delivered> part = pending.subList(0, Math.min(MAX_BATCH, pending.size()));
            record(new ArrayList<>(part));
            part.clear();
        }
        return this;
    }

    private void record(List<Member.Delivered> pending) {
        int n = pending.size();
        List<String> receivers = new ArrayList<>(n);
        List<String> senders = new ArrayList<>(n);
        long[] seqs = new long[n];
        long[] epochs = new long[n];
        long[] at = new long[n];
        boolean[] dup = new boolean[n];
        for (int i = 0; i < n; i++) {
            Member.Delivered d = pending.get(i);
            receivers.add(d.receiver());
            senders.add(d.sender());
            seqs[i] = d.seq();
            epochs[i] = d.epoch();
            at[i] = d.deliveredAtMicros();
            dup[i] = d.duplicate();
        }
        long batch = nextBatch++;
        Application.Record record = Application.Record.of(batch, getContext().getSelf(), receivers, senders, seqs,
                epochs, at, dup);
        inFlight.put(batch, new Unrecorded(pending, record, System.nanoTime()));
        application.tell(record);
    }

    private void retryUnrecorded() {
        if (application == null || inFlight.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (Unrecorded u : inFlight.values()) {
            if (now - u.sentAt > RECORD_RETRY_NANOS) {
                u.sentAt = now;
                application.tell(u.record);
            }
        }
    }

    /** One acknowledgement per message (sender, seq) for all its receivers in the batch. */
    private Behavior<Command> onRecorded(Recorded r) {
        Unrecorded u = inFlight.remove(r.batch());
        if (u == null) {
            return this; // an answer to a re-sent batch: acknowledged already
        }
        List<Member.Delivered> batch = u.deliveries;
        Map<ActorRef<Member.Command>, Map<Long, List<String>>> acks = new HashMap<>();
        for (Member.Delivered d : batch) {
            acks.computeIfAbsent(d.ackTo(), k -> new HashMap<>()).computeIfAbsent(d.seq(), k -> new ArrayList<>())
                    .add(d.receiver());
        }
        acks.forEach((to, bySeq) -> bySeq.forEach((seq, receivers) -> to.tell(new Member.Acks(seq, receivers))));
        return this;
    }

    private Behavior<Command> onStats(GetNodeStats g) {
        Cluster cluster = Cluster.get(getContext().getSystem());
        long cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
        g.replyTo().tell(new NodeStats(cluster.selfMember().address().toString(),
                cluster.selfMember().getRoles().stream().filter(r -> !r.startsWith("dc-")).sorted().toList(), members.size(), cpu,
                System.nanoTime(), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0,
                transit.dropped(), transit.duplicated()));
        return this;
    }
}
