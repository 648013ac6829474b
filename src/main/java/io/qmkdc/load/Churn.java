package io.qmkdc.load;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Membership churn during a load run (issue 11, {@code load --churn R}): every 1/R s one change — the
 * member that left longest ago comes back (a new incarnation, re-authenticating with a fresh K_c over a
 * new link) once it has been away {@link #AWAY_MS}, otherwise a present member with nothing unacknowledged
 * leaves. Only present members send. Presence decides what a delivery is owed: a message is expected at a
 * recipient present when it was sent (keyed, and not left) unless the recipient left afterwards without it
 * ({@code excusedByLeave}); deliveries to a recipient absent at the send are {@code extraDeliveries}. Driven
 * from the load driver's thread alone.
 */
final class Churn {
    static final long AWAY_MS = 2000;
    /** A departed member's last epoch before the KDC told it (every epoch passes as not newer). */
    private static final long PENDING = Long.MAX_VALUE - 1;
    private static final long POLL_NANOS = 100_000_000L;

    /** What a change does to the deployment (the load run's actors). */
    interface Actions {
        /** Messages of {@code member} not yet acknowledged by all their recipients (a leave would strand them). */
        int outstanding(int member);

        /** The epoch of the group key {@code member} holds (-1: none). */
        long epoch(int member);

        /**
         * Sends the KDC a leave of {@code member}, then hands {@code epoch} its group's epoch once the KDC processed
         * the leave (later, from another thread: a KDC busy rekeying must not hold up the traffic).
         */
        void leave(int member, java.util.function.LongConsumer epoch);

        /** Spawns incarnation {@code incarnation} of {@code member} and sends the KDC its join. */
        void rejoin(int member, int incarnation);
    }

    /** Changes requested and what the ledger's presence rules made of the deliveries. */
    record Counts(long leaves, long rejoins, long rejoinedKeyed, long leavesDeferred, long expected, long delivered,
            long lost, long excusedByLeave, long extraDeliveries) {
    }

    private final int[] groupOf;
    private final int groups;
    private final long periodNanos;
    private final Actions actions;
    private final SplittableRandom random;
    final AtomicIntegerArray incarnation;
    final AtomicLongArray awayEpoch;
    /** The group's epoch when the KDC processed each member's last leave: keyed again means a newer one. */
    private final long[] leftEpoch;
    private final int[] presentList;
    private final int[] position;
    private int presentCount;
    private final int[] presentInGroup;
    private final ArrayDeque<long[]> away = new ArrayDeque<>(); // {member, leftNanos}
    private final List<Integer> rejoining = new ArrayList<>();
    private final Map<Integer, List<Long>> leftAt = new HashMap<>();
    private final Map<Integer, List<Long>> keyedAt = new HashMap<>();
    private long next;
    private long nextPoll;
    private long leaves;
    private long rejoins;
    private long rejoinedKeyed;
    private long deferred;

    Churn(int[] groupOf, int groups, double perSecond, long seed, Actions actions) {
        this.groupOf = groupOf;
        this.groups = groups;
        this.periodNanos = Math.round(1e9 / perSecond);
        this.actions = actions;
        this.random = new SplittableRandom(seed ^ 0xC4C4);
        int n = groupOf.length;
        incarnation = new AtomicIntegerArray(n);
        awayEpoch = new AtomicLongArray(n);
        leftEpoch = new long[n];
        presentList = new int[n];
        position = new int[n];
        presentInGroup = new int[groups];
        for (int i = 0; i < n; i++) {
            presentList[i] = i;
            position[i] = i;
            presentInGroup[groupOf[i]]++;
            awayEpoch.set(i, Long.MAX_VALUE);
        }
        presentCount = n;
    }

    void start(long nowNanos) {
        next = nowNanos + periodNanos;
        nextPoll = nowNanos + POLL_NANOS;
    }

    /** A random present member (the next message's sender). */
    int sender() {
        return presentList[random.nextInt(presentCount)];
    }

    /** Called often from the driver's loop: the changes due by {@code now}, and rejoiners that keyed. */
    void tick(long now) {
        if (now >= nextPoll) {
            nextPoll = now + POLL_NANOS;
            pollRejoining();
        }
        while (now >= next) {
            next += periodNanos;
            if (!away.isEmpty() && now - away.peek()[1] >= AWAY_MS * 1_000_000L) {
                int m = (int) away.poll()[0];
                int inc = incarnation.incrementAndGet(m);
                leftEpoch[m] = awayEpoch.get(m); // PENDING when the KDC never answered: not keyed again
                awayEpoch.set(m, Long.MAX_VALUE); // the new incarnation may open every epoch it is given
                keyedAt.computeIfAbsent(m, x -> new ArrayList<>());
                actions.rejoin(m, inc);
                rejoining.add(m);
                rejoins++;
            } else {
                leaveOne();
            }
        }
    }

    private void pollRejoining() {
        for (int k = rejoining.size() - 1; k >= 0; k--) {
            int m = rejoining.get(k);
            // A member that outlives its leave (a sharded entity) still holds the old key: only a newer one counts.
            if (actions.epoch(m) > leftEpoch[m]) {
                rejoining.remove(k);
                keyedAt.get(m).add(System.nanoTime());
                add(m);
                rejoinedKeyed++;
            }
        }
    }

    /**
     * After the traffic (no more changes): waits until every rejoiner sent is keyed again, or {@code deadlineNanos};
     * a rejoin sent late in the traffic is still counted (its keying takes a link round and an authentication).
     */
    void settle(long deadlineNanos) {
        while (true) {
            pollRejoining();
            if (rejoining.isEmpty() || System.nanoTime() > deadlineNanos) {
                return;
            }
            DriverAsks.sleep(POLL_NANOS / 1_000_000);
        }
    }

    /** A present member without unacknowledged messages leaves (a group keeps at least two members). */
    private void leaveOne() {
        for (int attempt = 0; attempt < 4; attempt++) {
            int m = sender();
            if (presentInGroup[groupOf[m]] <= 2) {
                continue;
            }
            if (actions.outstanding(m) > 0) {
                deferred++; // its messages would die with its key: another member leaves instead
                continue;
            }
            remove(m);
            leftAt.computeIfAbsent(m, x -> new ArrayList<>()).add(System.nanoTime());
            awayEpoch.set(m, PENDING); // until the KDC answers, no delivery counts against the departed member
            actions.leave(m, epoch -> awayEpoch.compareAndSet(m, PENDING, epoch));
            away.add(new long[] {m, System.nanoTime()});
            leaves++;
            return;
        }
    }

    private void add(int m) {
        position[m] = presentCount;
        presentList[presentCount++] = m;
        presentInGroup[groupOf[m]]++;
    }

    private void remove(int m) {
        int p = position[m];
        int last = presentList[--presentCount];
        presentList[p] = last;
        position[last] = p;
        presentInGroup[groupOf[m]]--;
    }

    /** Was {@code m} present at {@code t}: not left, or keyed again after its last leave before t. */
    private boolean present(int m, long t) {
        long lastLeave = last(leftAt.get(m), t);
        return lastLeave == Long.MIN_VALUE || last(keyedAt.get(m), t) > lastLeave;
    }

    private boolean leftAfter(int m, long t) {
        List<Long> l = leftAt.get(m);
        return l != null && l.get(l.size() - 1) > t;
    }

    private static long last(List<Long> times, long t) {
        long best = Long.MIN_VALUE;
        if (times != null) {
            for (long x : times) {
                if (x <= t) {
                    best = x;
                }
            }
        }
        return best;
    }

    /**
     * Expected, delivered, lost, excused and extra deliveries of the {@code sent} messages, from message n's sender,
     * target group index, send time ({@link System#nanoTime}, the clock of the changes) and receivers reached (null:
     * none); {@code members.get(g)}: group g's member indices.
     */
    Counts count(int[] senders, int[] targets, long[] sentNanos, BitSet[] seenBy, int sent, List<int[]> members) {
        List<List<Integer>> churnedIn = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            churnedIn.add(new ArrayList<>());
        }
        leftAt.keySet().forEach(m -> churnedIn.get(groupOf[m]).add(m));
        long expected = 0;
        long delivered = 0;
        long excused = 0;
        long extra = 0;
        for (int n = 0; n < sent; n++) {
            int g = targets[n];
            int s = senders[n];
            long t = sentNanos[n];
            BitSet seen = seenBy[n] == null ? new BitSet() : seenBy[n];
            boolean same = groupOf[s] == g;
            List<Integer> churned = churnedIn.get(g);
            int stable = members.get(g).length - churned.size() - (same && !leftAt.containsKey(s) ? 1 : 0);
            int seenChurned = 0;
            for (int r : churned) {
                if (r == s) {
                    continue;
                }
                boolean got = seen.get(r);
                seenChurned += got ? 1 : 0;
                if (!present(r, t)) {
                    extra += got ? 1 : 0;
                } else if (got) {
                    expected++;
                    delivered++;
                } else if (leftAfter(r, t)) {
                    excused++;
                } else {
                    expected++;
                }
            }
            expected += stable;
            delivered += seen.cardinality() - seenChurned;
        }
        return new Counts(leaves, rejoins, rejoinedKeyed, deferred, expected, delivered, expected - delivered, excused,
                extra);
    }
}
