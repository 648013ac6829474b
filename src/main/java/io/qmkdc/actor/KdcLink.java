package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import io.qmkdc.actor.link.DeliveryTap;
import io.qmkdc.actor.link.LinkAlice;
import io.qmkdc.actor.link.LinkKeys;
import io.qmkdc.gkm.GroupPrivateKey;

/**
 * The KDC's view of one BB84 link (to a group terminal, or to a member in per-member mode): its
 * KDC end, accepted key, current P_k and health. Mutable state of {@link QmKdc}, never sent.
 */
final class KdcLink {
    final String name;
    final LinkKeys keys;
    ActorRef<LinkAlice.Command> end;
    GroupPrivateKey pk;
    int pkRound = -1;
    long pkOffset;
    boolean compromised;
    double qber = Double.NaN;
    int aborts;
    String lastAbort = "";
    double abortQber = Double.NaN;
    int tamperAlarms;
    /** Sifted and final key bits of every keyed round so far. */
    long siftedBits;
    long finalBits;

    KdcLink(String name) {
        this(name, null);
    }

    /** {@code tap}: key delivery's share of each round (null: none). */
    KdcLink(String name, DeliveryTap tap) {
        this.name = name;
        this.keys = new LinkKeys(name, tap, true);
    }

    /** A P_k exists and the link is not compromised: G_k may be sent over it. */
    boolean trusted() {
        return pk != null && !compromised;
    }
}
