package io.qmkdc.actor;

import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.gkm.RekeyTally;
import io.qmkdc.wire.CborSerializable;
import java.util.List;

/**
 * What a {@link QmKdc} answers: to an {@link QmKdc.Initialize}, its status, its links and the rekey
 * counts. The KDC inherits these types, so they are named {@code QmKdc.Status} and so on.
 */
public interface KdcReplies {

    /** Accepted (with the groups set up) or rejected (one line per problem, naming the field). */
    public record InitializeReply(String session, boolean accepted, List<String> groups, List<String> problems)
            implements CborSerializable {
    }

    public record GroupStatus(String id, List<String> members, double linkKm, double qber, boolean compromised,
            int aborts, String lastAbort, double abortQber, long privateKeyBits, long epoch, long installedEpoch,
            int tamperAlarms, String refusal) implements CborSerializable {
    }

    /**
     * One link: its name (group id in per-group keying, member id in per-member), group, last keyed QBER (NaN before
     * the first), health and the key pool's bits; {@code siftedBits} and {@code finalBits} summed over its keyed
     * rounds, {@code qberThreshold} its P_o.
     */
    public record LinkStatus(String link, String group, double linkKm, double qber, boolean compromised, int aborts,
            String lastAbort, double abortQber, long keyPoolBits, int tamperAlarms, long siftedBits, long finalBits,
            double qberThreshold) implements CborSerializable {
    }

    public record Links(List<LinkStatus> links) implements CborSerializable {
    }

    /** {@code secret*}: HIGH / TOP_SECRET hops re-sealed, rejected on arrival, refused for a short pool. */
    public record Status(String session, List<GroupStatus> groups, List<Authenticator.Completed> auth, long relayed,
            long relayRejected, long secretRelayed, long secretRejected, long secretRefused) implements CborSerializable {
    }

    /**
     * How far authentication has got: sessions completed and passed. What a load driver polls, where the whole
     * {@link Status} (every member's result and name) outgrows a remote frame at 10,000 members.
     */
    public record AuthProgress(int completed, int passed) implements CborSerializable {
    }

    public record RekeyStats(List<RekeyTally.Summary> groups) implements CborSerializable {
    }
}
