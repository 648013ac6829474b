package io.qmkdc.gkm;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The KDC's view of one multicast group: membership, key epochs and G_k per epoch. Every join,
 * leave or explicit rekey starts a new epoch with a fresh, independent G_k — so a member that
 * left cannot read later traffic (forward secrecy) and a newcomer cannot read earlier traffic
 * (backward secrecy). Each member keeps one sender index for the group's lifetime (indices are
 * never reused; 0 is the KDC), which keeps GCM nonces unique under every epoch key. The last
 * {@code keptEpochs} keys are kept for in-flight messages; older ones are destroyed.
 */
public final class GroupState {
    public sealed interface Change permits EpochChange, Unchanged {
    }

    /** A new epoch: distribute {@code key} to exactly {@code members}. */
    public record EpochChange(String groupId, long epoch, GroupKey key, Set<String> members, String cause)
            implements Change {
    }

    public record Unchanged(String reason) implements Change {
    }

    private final String groupId;
    private final GroupKeyDistribution distribution;
    private final int keptEpochs;
    private final Map<String, Integer> senderIndex = new LinkedHashMap<>();
    private final ArrayDeque<GroupKey> keys = new ArrayDeque<>();
    private final long firstEpoch;
    private int nextSenderIndex = GroupPrivateKey.KDC_SENDER + 1;
    private long epoch = -1;

    public GroupState(String groupId, GroupKeyDistribution distribution, int keptEpochs) {
        this(groupId, distribution, keptEpochs, 0);
    }

    /**
     * @param firstEpoch the epoch {@link #initialize} opens (0 in one KDC's life; a KDC incarnation's
     *                   epoch base in a cluster, so epochs grow across incarnations)
     */
    public GroupState(String groupId, GroupKeyDistribution distribution, int keptEpochs, long firstEpoch) {
        if (keptEpochs < 1) {
            throw new IllegalArgumentException("keptEpochs must be >= 1, was " + keptEpochs);
        }
        if (firstEpoch < 0) {
            throw new IllegalArgumentException("firstEpoch must be >= 0, was " + firstEpoch);
        }
        this.groupId = groupId;
        this.distribution = distribution;
        this.keptEpochs = keptEpochs;
        this.firstEpoch = firstEpoch;
    }

    /** Initialization (paper §2.1): the initial members and the first epoch (0 unless given). */
    public synchronized EpochChange initialize(Iterable<String> members) {
        if (epoch >= 0) {
            throw new IllegalStateException(groupId + " already initialized");
        }
        for (String m : members) {
            senderIndex.putIfAbsent(m, nextSenderIndex++);
        }
        epoch = firstEpoch - 1;
        return newEpoch("initialize");
    }

    public synchronized Change join(String memberId) {
        requireInitialized();
        if (senderIndex.containsKey(memberId)) {
            return new Unchanged(memberId + " is already a member of " + groupId);
        }
        senderIndex.put(memberId, nextSenderIndex++);
        return newEpoch("join " + memberId);
    }

    public synchronized Change leave(String memberId) {
        requireInitialized();
        if (senderIndex.remove(memberId) == null) {
            return new Unchanged(memberId + " is not a member of " + groupId);
        }
        return newEpoch("leave " + memberId);
    }

    /**
     * A batch of joins and leaves (Li, Yang, Gouda, Lam 2001) as one new epoch; {@link Unchanged} when it
     * changes nobody's membership.
     */
    public synchronized Change change(Iterable<String> joins, Iterable<String> leaves, String cause) {
        requireInitialized();
        boolean changed = false;
        for (String m : leaves) {
            changed |= senderIndex.remove(m) != null;
        }
        for (String m : joins) {
            if (!senderIndex.containsKey(m)) {
                senderIndex.put(m, nextSenderIndex++);
                changed = true;
            }
        }
        return changed ? newEpoch(cause) : new Unchanged("no membership change in " + groupId);
    }

    /** Periodic or on-demand rekey with unchanged membership. */
    public synchronized EpochChange rekey(String cause) {
        requireInitialized();
        return newEpoch(cause);
    }

    private EpochChange newEpoch(String cause) {
        epoch++;
        GroupKey key = distribution.newGroupKey(groupId, epoch);
        keys.addLast(key);
        while (keys.size() > keptEpochs) {
            keys.pollFirst().destroy();
        }
        return new EpochChange(groupId, epoch, key, members(), cause);
    }

    public synchronized long currentEpoch() {
        return epoch;
    }

    public synchronized GroupKey currentKey() {
        requireInitialized();
        return keys.peekLast();
    }

    /** G_k of {@code epoch} if still kept. */
    public synchronized Optional<GroupKey> keyFor(long epoch) {
        for (GroupKey k : keys) {
            if (k.epoch() == epoch) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    public synchronized Set<String> members() {
        return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(senderIndex.keySet()));
    }

    public synchronized OptionalInt senderIndex(String memberId) {
        Integer i = senderIndex.get(memberId);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    public String groupId() {
        return groupId;
    }

    /** Destroys every kept key. */
    public synchronized void destroy() {
        for (Iterator<GroupKey> it = keys.iterator(); it.hasNext(); ) {
            it.next().destroy();
            it.remove();
        }
    }

    private void requireInitialized() {
        if (epoch < 0) {
            throw new IllegalStateException(groupId + " not initialized");
        }
    }

    @Override
    public synchronized String toString() {
        return "GroupState[" + groupId + ", epoch=" + epoch + ", members=" + senderIndex.size() + "]";
    }
}
