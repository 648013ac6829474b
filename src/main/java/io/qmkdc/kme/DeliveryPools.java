package io.qmkdc.kme;

import io.qmkdc.crypto.KeyPool;
import io.qmkdc.qkd.BitVector;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key-delivery share of each QKD link's key, at both of its ends: the KDC's copy and the KME's copy. A keyed
 * BB84 round puts the same bits at both ends ({@link #append}); an aborted one puts nothing, so an attacked link's
 * supply stops. Key delivery draws only from these pools — every delivered key bit is QKD key, none comes from a
 * random generator. The pools are consumed under the {@link KeyStore}'s lock, identically at both ends.
 */
public final class DeliveryPools {
    /** Which end of a link. */
    public enum End {
        KDC, KME
    }

    /** Both ends of one link's delivery share. */
    public record Ends(KeyPool kdc, KeyPool kme) {
        /** Bits both ends hold (the ends fill a moment apart in a running system). */
        long usable() {
            return Math.min(kdc.availableBits(), kme.availableBits());
        }

        KeyPool at(End end) {
            return end == End.KDC ? kdc : kme;
        }
    }

    private final Map<String, Ends> links = new ConcurrentHashMap<>();

    /** Appends {@code bits} of a keyed round to one end of {@code link}'s share (the caller wipes its copy). */
    public void append(String link, End end, BitVector bits) {
        ends(link).at(end).append(bits);
    }

    /** Appends {@code bits} at both ends: what an in-process link (tests, {@code link} runs) produces. */
    public void deposit(String link, BitVector bits) {
        append(link, End.KDC, bits);
        append(link, End.KME, bits);
    }

    public Ends ends(String link) {
        return links.computeIfAbsent(link, l -> new Ends(new KeyPool(l + "/kme-share@kdc"), new KeyPool(l + "/kme-share@kme")));
    }

    public Optional<Ends> existing(String link) {
        return Optional.ofNullable(links.get(link));
    }

    /** Bits both ends of {@code link} hold. */
    public long usableBits(String link) {
        return existing(link).map(Ends::usable).orElse(0L);
    }

    /** Zeroes everything. */
    public void wipe() {
        links.values().forEach(e -> {
            e.kdc.wipe();
            e.kme.wipe();
        });
    }

    @Override
    public String toString() {
        return "DeliveryPools[" + links.size() + " links]";
    }
}
