package io.qmkdc.actor.link;

import io.qmkdc.crypto.KeyPool;
import io.qmkdc.qkd.BitVector;
import java.util.TreeMap;

/**
 * The QKD key material one end of a link has accepted, per round, split by direction so two
 * parties never draw the same pad: the first half of round r's final key is {@code pool(r)}
 * (KDC → remote: P_k, wrapped G_k, messages the KDC sends), the second half {@code upPool(r)}
 * (remote → KDC). Keys are addressed by (round, offset) so both ends draw the same bits even if
 * one of them lost a round. Shared between an endpoint actor and its parent on the same node
 * (both only append or draw; all methods synchronized).
 *
 * <p>Bounded like a KME's {@code max_key_count} (ETSI GS QKD 014): the newest {@code maxKeyCount} rounds are kept;
 * committing one more wipes and drops the oldest, so a link re-keyed every few seconds for days holds a fixed
 * amount of key. Every reader asks for a recent round (the latest, or the one a P_k was just announced from).
 */
public final class LinkKeys {
    /** Rounds kept per link end by default: minutes of history at a re-key every 2 s. */
    public static final int MAX_KEY_COUNT = 64;

    private final String link;
    private final int maxKeyCount;
    private final TreeMap<Integer, KeyPool> rounds = new TreeMap<>();
    private final TreeMap<Integer, KeyPool> up = new TreeMap<>();
    private final boolean kdcEnd;
    /** Key delivery's share of each round ({@link DeliveryTap}), or null when none is set aside. */
    private final DeliveryTap tap;
    private int latest = -1;
    private long totalBits;

    /** The remote end (group terminal or member) of {@code link}. */
    /** An end of {@code link} that keeps all its key (no key delivery). */
    public LinkKeys(String link) {
        this(link, MAX_KEY_COUNT, null, false);
    }

    public LinkKeys(String link, int maxKeyCount) {
        this(link, maxKeyCount, null, false);
    }

    /** An end of {@code link} that gives {@code tap}'s share of each round to key delivery; {@code kdcEnd}: the KDC's. */
    public LinkKeys(String link, DeliveryTap tap, boolean kdcEnd) {
        this(link, MAX_KEY_COUNT, tap, kdcEnd);
    }

    public LinkKeys(String link, int maxKeyCount, DeliveryTap tap, boolean kdcEnd) {
        if (maxKeyCount < 1) {
            throw new IllegalArgumentException("maxKeyCount must be >= 1, was " + maxKeyCount);
        }
        this.link = link;
        this.maxKeyCount = maxKeyCount;
        this.kdcEnd = kdcEnd;
        this.tap = tap == null || tap.fraction() == 0 ? null : tap;
    }

    public synchronized void commit(int round, BitVector whole) {
        BitVector key = whole;
        if (tap != null) {
            int share = tap.shareBits(whole.length());
            BitVector delivery = whole.slice(0, share);
            tap.deliver(link, kdcEnd, delivery, whole.length());
            delivery.wipe();
            key = whole.slice(share, whole.length());
        }
        int half = key.length() / 2;
        KeyPool down = new KeyPool(link + "#" + round + "/down");
        KeyPool upward = new KeyPool(link + "#" + round + "/up");
        BitVector a = key.slice(0, half);
        BitVector b = key.slice(half, 2 * half);
        down.append(a);
        upward.append(b);
        a.wipe();
        b.wipe();
        rounds.put(round, down);
        up.put(round, upward);
        latest = Math.max(latest, round);
        totalBits += whole.length();
        if (key != whole) {
            key.wipe();
        }
        while (rounds.size() > maxKeyCount) {
            rounds.pollFirstEntry().getValue().wipe();
            up.pollFirstEntry().getValue().wipe();
        }
    }

    /** Rounds held now (at most the bound). */
    public synchronized int keyCount() {
        return rounds.size();
    }

    /** Key bits held now, both directions, not yet drawn. */
    public synchronized long heldBits() {
        long n = 0;
        for (KeyPool p : rounds.values()) {
            n += p.availableBits();
        }
        for (KeyPool p : up.values()) {
            n += p.availableBits();
        }
        return n;
    }

    /** The latest keyed round, or -1. */
    public synchronized int latestRound() {
        return latest;
    }

    /** Round {@code r}'s KDC → remote pool, or null when this end has no key of that round. */
    public synchronized KeyPool pool(int round) {
        return rounds.get(round);
    }

    /** Round {@code r}'s remote → KDC pool, or null. */
    public synchronized KeyPool upPool(int round) {
        return up.get(round);
    }

    /** Key bits accepted since the link started (dropped rounds included). */
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
