package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.actor.link.LinkSettings;
import io.qmkdc.gkm.RekeyPolicy;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.wire.CborSerializable;
import java.time.Duration;
import java.util.List;

/**
 * What a {@link QmKdc} is set up with: its {@link Settings} at spawn, and the groups and members an
 * {@link QmKdc.Initialize} or {@link QmKdc.Join} registers. The KDC inherits these types, so they are
 * named {@code QmKdc.GroupSpec} and so on; its commands are declared in {@link QmKdc}.
 */
public interface KdcSpecs {

    /**
     * A member as registered: its actor and the pre-shared K_c (provisioning, out of band in
     * reality); in per-member keying also its own quantum channel and link authentication key.
     */
    public record MemberSpec(String id, ActorRef<Member.Command> member, long[] kc, int kcBits,
            ActorRef<QuantumChannel.Command> channel, byte[] linkAuthKey) implements CborSerializable {
        public MemberSpec(String id, ActorRef<Member.Command> member, long[] kc, int kcBits) {
            this(id, member, kc, kcBits, null, null);
        }

        @Override
        public String toString() {
            return "MemberSpec[" + id + "]";
        }
    }

    /** Keying modes (DESIGN §2): BB84 to the group terminal (the paper) or to each member. */
    public static final String PER_GROUP = "per-group";
    public static final String PER_MEMBER = "per-member";

    /**
     * A group: its terminal, link length, sensitivity level, keying mode, members; in per-group
     * keying also the terminal's quantum channel and link authentication key.
     */
    public record GroupSpec(String id, double linkKm, String sensitivity, String keying, ActorRef<Group.Command> group,
            ActorRef<QuantumChannel.Command> channel, byte[] linkAuthKey, List<MemberSpec> members)
            implements CborSerializable {
        public GroupSpec(String id, double linkKm, String sensitivity, ActorRef<Group.Command> group,
                ActorRef<QuantumChannel.Command> channel, byte[] linkAuthKey, List<MemberSpec> members) {
            this(id, linkKm, sensitivity, PER_GROUP, group, channel, linkAuthKey, members);
        }

        public boolean perMember() {
            return PER_MEMBER.equals(keying);
        }

        @Override
        public String toString() {
            return "GroupSpec[" + id + ", " + linkKm + " km, members=" + (members == null ? 0 : members.size()) + "]";
        }
    }

    /**
     * KDC settings (read at spawn). {@code epochBase}: the first G_k epoch of every group (0 in one
     * JVM; a cluster's KDC incarnation passes one above every epoch of older incarnations, see
     * {@code KdcHost.epochBase}).
     */
    public record Settings(LinkProfile profile, long targetDetections, Duration roundTimeout, Duration retryDelay,
            Authenticator.Settings auth, long seed, long epochBase, RekeyPolicy rekey) {
        public Settings {
            if (epochBase < 0) {
                throw new IllegalArgumentException("epochBase must be >= 0, was " + epochBase);
            }
            rekey = rekey == null ? RekeyPolicy.DEFAULT_STAR : rekey;
        }

        public Settings(LinkProfile profile, long targetDetections, Duration roundTimeout, Duration retryDelay,
                Authenticator.Settings auth, long seed, long epochBase) {
            this(profile, targetDetections, roundTimeout, retryDelay, auth, seed, epochBase, RekeyPolicy.DEFAULT_STAR);
        }

        /** Per-member groups rekey by {@code policy} (star: a wrap per member; lkh: a key tree). */
        public Settings withRekey(RekeyPolicy policy) {
            return new Settings(profile, targetDetections, roundTimeout, retryDelay, auth, seed, epochBase, policy);
        }

        public Settings(LinkProfile profile, long targetDetections, Duration roundTimeout, Duration retryDelay,
                Authenticator.Settings auth, long seed) {
            this(profile, targetDetections, roundTimeout, retryDelay, auth, seed, 0);
        }

        public Settings withEpochBase(long base) {
            return new Settings(profile, targetDetections, roundTimeout, retryDelay, auth, seed, base, rekey);
        }

        public LinkSettings link(double km) {
            return LinkSettings.modest(profile, km, targetDetections).withTimeouts(roundTimeout, retryDelay);
        }
    }
}
