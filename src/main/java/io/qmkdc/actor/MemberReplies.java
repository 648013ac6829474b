package io.qmkdc.actor;

import io.qmkdc.wire.CborSerializable;
import java.util.List;

/**
 * What a {@link Member} answers when asked: its status, its LKH keys, its delivery counters. The member
 * inherits these types, so they are named {@code Member.Status} and so on.
 */
public interface MemberReplies {

    /**
     * LKH at this member: the epoch of the last rekey it opened (-1 none), the keys it holds on its path,
     * rekey messages opened and not opened (not on its path, e.g. after it left, or not placed yet).
     */
    public record TreeStatus(String member, long epoch, int heldKeys, long opened, long notOpened)
            implements CborSerializable {
    }

    /** What the member holds and saw (plaintexts are test payloads, not keys). */
    public record Status(String member, String group, boolean authenticated, long epoch, List<String> received,
            int rejected, int sent, String lastRefusal) implements CborSerializable {
    }

    /**
     * Counters for the cluster monitor: {@code stale} counts deliveries opened under a key whose
     * epoch is older than the member's current one (must stay 0).
     */
    public record DeliveryStats(String member, boolean authenticated, long epoch, int delivered, int rejected,
            int stale, int sent) implements CborSerializable {
    }
}
