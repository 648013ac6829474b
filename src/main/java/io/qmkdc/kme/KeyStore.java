package io.qmkdc.kme;

import io.qmkdc.crypto.KeyPool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The KMEs' keys for ETSI GS QKD 014: enc_keys for a master SAE, dec_keys for its slaves, Status for a pair.
 *
 * <p>A key for master {@code a1} is drawn from the delivery share of {@code a1}'s KME link (the KME's copy goes to
 * {@code a1}, the KDC takes its identical copy at the same offset). Each slave behind another KME gets it through
 * the KDC as a trusted relay ({@link TrustedRelay}: one hop, wrapped under that link's QKD key); slaves behind the
 * master's KME take it from that KME. The key then waits at each slave's KME until that slave fetches it, once.
 * A request is served whole or not at all: the bits it needs on every link are checked before anything is drawn,
 * so a 503 costs no key material.
 *
 * <p>All methods synchronized: the delivery pools are consumed only here, so both ends of a link stay in step.
 */
public final class KeyStore {
    /** A key waiting for slaves: its master and each remaining slave's copy (at that slave's KME). */
    private record Issued(String master, Map<String, byte[]> pending) {
    }

    private final SaeDirectory dir;
    private final DeliveryPools pools;
    private final KmeLimits limits;
    private final Map<UUID, Issued> issued = new LinkedHashMap<>();
    private final Map<String, Long> drawnBits = new HashMap<>();
    private long deliveredKeys;

    public KeyStore(SaeDirectory dir, DeliveryPools pools, KmeLimits limits) {
        this.dir = dir;
        this.pools = pools;
        this.limits = limits;
    }

    public SaeDirectory directory() {
        return dir;
    }

    public KmeLimits limits() {
        return limits;
    }

    /** {@code GET /{slave}/status} by {@code master}. */
    public synchronized KmeReply<Etsi014.Status> status(String master, String slave) {
        if (dir.kmeOf(master).isEmpty()) {
            return notAnSae(master);
        }
        if (dir.kmeOf(slave).isEmpty()) {
            return KmeReply.badRequest("slave_SAE_ID: unknown SAE '" + RequestCheck.safe(slave) + "'");
        }
        SaeDirectory.Kme from = dir.kmeOf(master).get();
        SaeDirectory.Kme to = dir.kmeOf(slave).get();
        long count = Math.min(supply(master, List.of(slave), limits.keySize()), limits.maxKeyCount() - issued.size());
        return new KmeReply.Served<>(new Etsi014.Status(from.id(), to.id(), master, slave, limits.keySize(),
                Math.max(0, count), limits.maxKeyCount(), limits.maxKeyPerRequest(), limits.maxKeySize(),
                limits.minKeySize(), limits.maxSaeIdCount()));
    }

    /** {@code POST|GET /{slave}/enc_keys} by {@code master}. */
    public synchronized KmeReply<Etsi014.KeyContainer> encKeys(String master, String slave, Etsi014.KeyRequest request) {
        if (dir.kmeOf(master).isEmpty()) {
            return notAnSae(master);
        }
        KmeReply<RequestCheck.Accepted> checked = RequestCheck.enc(master, slave, request, dir, limits);
        if (checked instanceof KmeReply.Refused<RequestCheck.Accepted> r) {
            return new KmeReply.Refused<>(r.status(), r.error());
        }
        RequestCheck.Accepted a = ((KmeReply.Served<RequestCheck.Accepted>) checked).body();
        if (issued.size() + a.number() > limits.maxKeyCount()) {
            return KmeReply.unavailable("keys: " + issued.size() + " keys already wait for dec_keys (max_key_count "
                    + limits.maxKeyCount() + ")");
        }
        long supply = supply(master, a.slaves(), a.size());
        if (supply < a.number()) {
            return KmeReply.unavailable("keys: the QKD key pools serve " + supply + " keys of " + a.size()
                    + " bits for these SAEs now, " + a.number() + " asked", shortages(master, a.slaves(), a.size(), a.number()));
        }
        List<Etsi014.Key> keys = new ArrayList<>(a.number());
        for (int i = 0; i < a.number(); i++) {
            keys.add(issue(master, a.slaves(), a.size()));
        }
        return new KmeReply.Served<>(new Etsi014.KeyContainer(keys));
    }

    /** {@code POST|GET /{master}/dec_keys} by {@code slave}: each key once per slave, only to its slaves. */
    public synchronized KmeReply<Etsi014.KeyContainer> decKeys(String slave, String master, Etsi014.KeyIds ids) {
        if (dir.kmeOf(slave).isEmpty()) {
            return notAnSae(slave);
        }
        if (dir.kmeOf(master).isEmpty()) {
            return KmeReply.badRequest("master_SAE_ID: unknown SAE '" + RequestCheck.safe(master) + "'");
        }
        KmeReply<List<String>> checked = RequestCheck.keyIds(ids, limits);
        if (checked instanceof KmeReply.Refused<List<String>> r) {
            return new KmeReply.Refused<>(r.status(), r.error());
        }
        List<UUID> wanted = ((KmeReply.Served<List<String>>) checked).body().stream().map(UUID::fromString).toList();
        for (UUID id : wanted) {
            Issued k = issued.get(id);
            // One answer for unknown, foreign and already fetched: a non-recipient learns nothing about the key.
            if (k == null || !k.master().equals(master) || !k.pending().containsKey(slave)) {
                return KmeReply.unauthorized("key_ID " + id + ": not available to " + slave
                        + " from master " + master + " (unknown, not a recipient, or already delivered)");
            }
        }
        List<Etsi014.Key> keys = new ArrayList<>(wanted.size());
        for (UUID id : wanted) {
            Issued k = issued.get(id);
            byte[] copy = k.pending().remove(slave);
            keys.add(new Etsi014.Key(id.toString(), Base64.getEncoder().encodeToString(copy)));
            Arrays.fill(copy, (byte) 0);
            if (k.pending().isEmpty()) {
                issued.remove(id);
            }
            deliveredKeys++;
        }
        return new KmeReply.Served<>(new Etsi014.KeyContainer(keys));
    }

    /** Delivery-share bits drawn so far on {@code link} (keys and hops). */
    public synchronized long drawnBits(String link) {
        return drawnBits.getOrDefault(link, 0L);
    }

    /** Keys handed to slaves so far (one per slave and key). */
    public synchronized long deliveredKeys() {
        return deliveredKeys;
    }

    /** Keys issued that some slave has not fetched yet. */
    public synchronized int waitingKeys() {
        return issued.size();
    }

    private Etsi014.Key issue(String master, List<String> slaves, int size) {
        SaeDirectory.Kme home = dir.kmeOf(master).orElseThrow();
        DeliveryPools.Ends ends = pools.ends(home.link());
        KeyPool.Drawn mine = (KeyPool.Drawn) ends.kme().drawBits(size);
        KeyPool.Drawn kdcCopy = (KeyPool.Drawn) ends.kdc().drawAt(mine.offset(), size);
        count(home.link(), size);
        UUID id = UUID.randomUUID(); // an identifier, not key material
        Map<String, byte[]> pending = new LinkedHashMap<>();
        Map<String, byte[]> atKme = new HashMap<>();
        for (String s : slaves) {
            SaeDirectory.Kme kme = dir.kmeOf(s).orElseThrow();
            byte[] copy = kme.id().equals(home.id()) ? mine.bytes() : atKme.computeIfAbsent(kme.id(), k -> {
                TrustedRelay.Hop hop = TrustedRelay.carry(pools.ends(kme.link()), kme.sensitivity(), id.toString(), kdcCopy.bytes());
                count(kme.link(), TrustedRelay.hopBits(kme.sensitivity(), size / 8));
                if (hop.key() == null) {
                    throw new IllegalStateException(hop.refusal()); // supply() checked the bits; a desync is a bug
                }
                return hop.key();
            });
            pending.put(s, copy.clone());
        }
        atKme.values().forEach(b -> Arrays.fill(b, (byte) 0));
        issued.put(id, new Issued(master, pending));
        Etsi014.Key key = new Etsi014.Key(id.toString(), Base64.getEncoder().encodeToString(mine.bytes()));
        mine.wipe();
        kdcCopy.wipe();
        return key;
    }

    /** Keys of {@code size} bits the pools allow for {@code master} and {@code slaves}: the scarcest link decides. */
    private long supply(String master, List<String> slaves, int size) {
        SaeDirectory.Kme home = dir.kmeOf(master).orElseThrow();
        long n = pools.usableBits(home.link()) / size;
        for (SaeDirectory.Kme kme : remoteKmes(home, slaves)) {
            n = Math.min(n, pools.usableBits(kme.link()) / TrustedRelay.hopBits(kme.sensitivity(), size / 8));
        }
        return n;
    }

    private String[] shortages(String master, List<String> slaves, int size, int number) {
        SaeDirectory.Kme home = dir.kmeOf(master).orElseThrow();
        List<String> out = new ArrayList<>();
        out.add("link " + home.link() + ": " + pools.usableBits(home.link()) + " bits, " + (long) number * size + " needed");
        for (SaeDirectory.Kme kme : remoteKmes(home, slaves)) {
            out.add("link " + kme.link() + ": " + pools.usableBits(kme.link()) + " bits, "
                    + number * TrustedRelay.hopBits(kme.sensitivity(), size / 8) + " needed for the relay hop");
        }
        return out.toArray(String[]::new);
    }

    private Set<SaeDirectory.Kme> remoteKmes(SaeDirectory.Kme home, List<String> slaves) {
        Set<SaeDirectory.Kme> out = new LinkedHashSet<>();
        for (String s : slaves) {
            SaeDirectory.Kme k = dir.kmeOf(s).orElseThrow();
            if (!k.id().equals(home.id())) {
                out.add(k);
            }
        }
        return out;
    }

    private void count(String link, long bits) {
        drawnBits.merge(link, bits, Long::sum);
    }

    private static <T> KmeReply<T> notAnSae(String caller) {
        return KmeReply.unauthorized("caller: '" + RequestCheck.safe(caller) + "' is not an SAE of this KME");
    }

    @Override
    public synchronized String toString() {
        return "KeyStore[" + issued.size() + " keys waiting, " + deliveredKeys + " delivered]";
    }
}
