package io.qmkdc.load;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.qmkdc.actor.Application;
import io.qmkdc.actor.Member;
import io.qmkdc.wire.CborSerializable;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application behind every member of a load run: receives each {@link Member.Delivered},
 * marks (message, receiver) — a second mark is a duplicate at the application — and samples the
 * latency from the driver's send to this delivery. Message bodies are "L" + the driver's message
 * number; receivers are "m" + index.
 */
final class Ledger {
    /** Asks for the latency summaries once the run is drained. */
    record Finish(ActorRef<Totals> replyTo) implements Application.Inbound, CborSerializable {
    }

    record Totals(LatencySample.Summary all, LatencySample.Summary relayed, long delivered, long duplicates)
            implements CborSerializable {
    }

    /**
     * The driver's table of sent messages (written before each send, read here after delivery): send time,
     * relayed or not, sender and target group; which receivers had each.
     */
    static final class Table {
        final long[] sentNanos;
        final boolean[] cross;
        final int[] sender;
        final int[] target;
        final BitSet[] seen;
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong staleEpoch = new AtomicLong();

        Table(int capacity) {
            sentNanos = new long[capacity];
            cross = new boolean[capacity];
            sender = new int[capacity];
            target = new int[capacity];
            seen = new BitSet[capacity];
        }
    }

    private Ledger() {
    }

    static Behavior<Application.Inbound> create(Table table, int members) {
        BitSet[] seen = table.seen;
        long[] lastEpoch = new long[members];
        java.util.Arrays.fill(lastEpoch, Long.MIN_VALUE);
        LatencySample all = new LatencySample();
        LatencySample relayed = new LatencySample();
        return Behaviors.receive(Application.Inbound.class)
                .onMessage(Member.Delivered.class, d -> {
                    long now = System.nanoTime();
                    int n = Integer.parseInt(d.text(), 1, d.text().length(), 10);
                    int receiver = Integer.parseInt(d.receiver(), 1, d.receiver().length(), 10);
                    BitSet s = seen[n] == null ? (seen[n] = new BitSet(members)) : seen[n];
                    if (s.get(receiver)) {
                        table.duplicates.incrementAndGet();
                        return Behaviors.same();
                    }
                    s.set(receiver);
                    if (d.epoch() < lastEpoch[receiver]) {
                        table.staleEpoch.incrementAndGet();
                    }
                    lastEpoch[receiver] = Math.max(lastEpoch[receiver], d.epoch());
                    table.delivered.incrementAndGet();
                    long latency = now - table.sentNanos[n];
                    all.add(latency);
                    if (table.cross[n]) {
                        relayed.add(latency);
                    }
                    return Behaviors.same();
                })
                .onMessage(Finish.class, f -> {
                    f.replyTo().tell(new Totals(all.summary(), relayed.summary(), table.delivered.get(),
                            table.duplicates.get()));
                    return Behaviors.same();
                })
                .build();
    }
}
