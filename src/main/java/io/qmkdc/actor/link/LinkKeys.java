package io.qmkdc.actor.link;

import io.qmkdc.crypto.KeyPool;
import io.qmkdc.qkd.BitVector;
import java.util.Map;
import java.util.TreeMap;

/**
 * The QKD key material one end of a link has accepted, per round, split by direction so two
 * parties never draw the same pad: the first half of round r's final key is {@code pool(r)}
 * (KDC → remote: P_k, wrapped G_k, messages the KDC sends), the second half {@code upPool(r)}
 * (remote → KDC). Keys are addressed by (round, offset) so both ends draw the same bits even if
 * one of them lost a round. Shared between an endpoint actor and its parent on the same node
 * (both only append or draw; all methods synchronized).
 */
public final class LinkKeys {
    private final String link;
    private final Map<Integer, KeyPool> rounds = new TreeMap<>();
    private final Map<Integer, KeyPool> up = new TreeMap<>();
    private final boolean kdcEnd;
    /** Key delivery's share of each round ({@link DeliveryTap}), or null. */
    private final DeliveryTap tap;
    private int latest = -1;
    private long totalBits;

    /** The remote end (group terminal or member) of {@code link}. */
    public LinkKeys(String link) {
        this(link, false);
    }

    public LinkKeys(String link, boolean kdcEnd) {
        this.link = link;
        this.kdcEnd = kdcEnd;
        this.tap = DeliveryTap.current();
    }

    public synchronized void commit(int round, BitVector whole) {
        BitVector key = whole;
        if (tap != null) {
            int share = tap.shareBits(whole.length());
            BitVector delivery = whole.slice(0, share);
            tap.deliver(link, kdcEnd, delivery);
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
