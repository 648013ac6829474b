package io.qmkdc.actor;

import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.actor.link.LinkEvent;
import io.qmkdc.metrics.MessageKind;
import io.qmkdc.metrics.MessageResult;
import io.qmkdc.metrics.Metrics;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the actors tell {@link Metrics}, one call per event, so each actor needs one line. Instruments are no-ops
 * until {@link Metrics#start}. Link events are counted at the KDC end only (the terminal sees the same rounds).
 */
final class ActorMetrics {
    /** Eavesdroppers' taps attached now, per attack type (all of this JVM's). */
    private static final Map<String, AtomicInteger> TAPS = new ConcurrentHashMap<>();

    private ActorMetrics() {
    }

    /** A KDC-end link event: QBER gauge and key bits for a keyed round; abort counter (and its QBER) for an abort. */
    static void link(LinkEvent event) {
        if (event instanceof LinkEvent.Keyed k) {
            if (Double.isFinite(k.qber())) {
                Metrics.linkQber(k.link(), clamp(k.qber()));
            }
            Metrics.siftedKeyBits(k.link(), Math.max(0, k.sifted()));
            Metrics.finalKeyBits(k.link(), Math.max(0, k.finalBits()));
        } else if (event instanceof LinkEvent.Aborted a) {
            if (Double.isFinite(a.qber())) {
                Metrics.linkQber(a.link(), clamp(a.qber()));
            }
            Metrics.linkAbort(a.link(), abortReason(a.reason()));
        }
    }

    /**
     * The abort's reason as one of a small fixed set of tag values (the text carries numbers): qber_threshold,
     * decoy_bounds, verification_failed, key_too_short, timeout, mac_pool_exhausted, terminal, protocol.
     */
    static String abortReason(String reason) {
        String r = reason == null ? "" : reason;
        if (r.startsWith("terminal aborted")) {
            return "terminal";
        }
        if (r.startsWith("QBER")) {
            return "qber_threshold";
        }
        if (r.startsWith("decoy")) {
            return "decoy_bounds";
        }
        if (r.startsWith("verification")) {
            return "verification_failed";
        }
        if (r.startsWith("no secure key") || r.startsWith("too few sifted")) {
            return "key_too_short";
        }
        if (r.startsWith("timeout")) {
            return "timeout";
        }
        if (r.startsWith("MAC key pool")) {
            return "mac_pool_exhausted";
        }
        return "protocol";
    }

    static void authentication(Authenticator.Completed c) {
        Metrics.authentication(c.mode().toLowerCase(Locale.ROOT), c.passed() ? "accepted" : "rejected");
    }

    static void groupKeyEpoch(String group, long epoch) {
        if (epoch >= 0) {
            Metrics.groupKeyEpoch(group, epoch);
        }
    }

    /** A group message at a member: relayed by the KDC ({@code from = "kdc"}) or sent within the group. */
    static void delivery(GroupTraffic traffic, boolean delivered) {
        Metrics.message("kdc".equals(traffic.from()) ? MessageKind.RELAY : MessageKind.INTRA,
                delivered ? MessageResult.DELIVERED : MessageResult.REJECTED);
    }

    /** A HIGH / TOP_SECRET message at a member (same group, hop by hop through the KDC). */
    static void secretDelivery(boolean delivered) {
        Metrics.message(MessageKind.INTRA, delivered ? MessageResult.DELIVERED : MessageResult.REJECTED);
    }

    /** A relayed message handed to its target group, {@code sentAtMicros} (epoch µs) after its sender sent it. */
    static void relayed(long sentAtMicros) {
        if (sentAtMicros > 0) {
            Metrics.relayLatencyNanos(Math.max(0, nowMicros() - sentAtMicros) * 1000);
        }
    }

    /** Wall-clock microseconds: comparable across the JVMs of one machine (and NTP-synchronised hosts). */
    static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /** An eavesdropper's tap attached ({@code +1}) or detached ({@code -1}). */
    static void tap(String type, int delta) {
        int n = TAPS.computeIfAbsent(type, t -> new AtomicInteger()).updateAndGet(v -> Math.max(0, v + delta));
        Metrics.activeAttacks(type, n);
    }

    private static double clamp(double qber) {
        return Math.min(1, Math.max(0, qber));
    }
}
