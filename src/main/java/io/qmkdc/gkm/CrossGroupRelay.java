package io.qmkdc.gkm;

import io.qmkdc.crypto.Aead;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cross-group relay at the KDC (paper §2.5, fig. 6): decrypt with the source group's G_k,
 * re-encrypt with the target group's G_k under the KDC's sender index (fresh nonce, new AAD that
 * names the origin). Tampered, mis-keyed and duplicate inputs are rejected and counted.
 */
public final class CrossGroupRelay {
    public sealed interface Relaying permits Relayed, Rejected {
    }

    public record Relayed(GroupMessage message) implements Relaying {
    }

    public record Rejected(String reason) implements Relaying {
    }

    private final ReplayFilter duplicates = new ReplayFilter();
    private final AtomicLong relayed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    /**
     * @param sourceKey G_k of the message's group and epoch
     * @param target    the KDC's sender on the target group's current G_k
     */
    public Relaying relay(GroupMessage in, GroupKey sourceKey, GroupSender target) {
        Aead.Opening o = in.open(sourceKey);
        if (o instanceof Aead.Rejected r) {
            return reject(r.reason());
        }
        byte[] pt = ((Aead.Opened) o).plaintext();
        try {
            if (!duplicates.markFresh(in.id())) {
                return reject("duplicate " + in.id());
            }
            String origin = in.origin().isEmpty() ? in.groupId() + "#" + in.senderIndex() : in.origin();
            GroupSender.Sending s = target.seal(origin, pt);
            if (s instanceof GroupSender.NotSent n) {
                return reject("target sealer refused: " + n.reason());
            }
            relayed.incrementAndGet();
            return new Relayed(((GroupSender.Sent) s).message());
        } finally {
            Arrays.fill(pt, (byte) 0);
        }
    }

    private Relaying reject(String reason) {
        rejected.incrementAndGet();
        return new Rejected(reason);
    }

    public long relayedCount() {
        return relayed.get();
    }

    public long rejectedCount() {
        return rejected.get();
    }

    @Override
    public String toString() {
        return "CrossGroupRelay[relayed=" + relayed + ", rejected=" + rejected + "]";
    }
}
