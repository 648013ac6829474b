package io.qmkdc.actor.link;

import io.qmkdc.crypto.KeyPool;
import io.qmkdc.qkd.BitVector;
import java.util.Map;
import java.util.TreeMap;

/**
 * The QKD key material one end of a link has accepted, per round: round r's final key is pool
 * {@code pool(r)}. Keys are addressed by (round, offset) so both ends draw the same bits even if
 * one of them lost a round. Shared between an endpoint actor and its parent on the same node
 * (both only append or draw; all methods synchronized).
 */
public final class LinkKeys {
    private final String link;
    private final Map<Integer, KeyPool> rounds = new TreeMap<>();
    private int latest = -1;
    private long totalBits;

    public LinkKeys(String link) {
        this.link = link;
    }

    public synchronized void commit(int round, BitVector key) {
        KeyPool pool = new KeyPool(link + "#" + round);
        pool.append(key);
        rounds.put(round, pool);
        latest = Math.max(latest, round);
        totalBits += key.length();
    }

    /** The latest keyed round, or -1. */
    public synchronized int latestRound() {
        return latest;
    }

    /** Round {@code r}'s pool, or null when this end has no key of that round. */
    public synchronized KeyPool pool(int round) {
        return rounds.get(round);
    }

    public synchronized long totalBits() {
        return totalBits;
    }

    public String link() {
        return link;
    }

    @Override
    public synchronized String toString() {
        return "LinkKeys[" + link + ", rounds=" + rounds.size() + ", bits=" + totalBits + "]";
    }
}
