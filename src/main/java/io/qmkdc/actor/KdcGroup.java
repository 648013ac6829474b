package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The KDC's state of one group: its links (the terminal's, or the members' in per-member keying),
 * members and their authentication, what was sent and acknowledged. Mutable state of
 * {@link QmKdc}, never sent.
 */
final class KdcGroup {
    final QmKdc.GroupSpec spec;
    /** Links by name: the group id (per-group) or member ids (per-member). */
    final Map<String, KdcLink> links = new LinkedHashMap<>();
    final Map<String, ActorRef<Member.Command>> members = new LinkedHashMap<>();
    final Set<String> passed = new LinkedHashSet<>();
    final Map<String, Long> sentEpoch = new HashMap<>();
    final Map<String, Long> ackedEpoch = new HashMap<>();
    /** Links of a re-initialization not keyed again yet. */
    final Set<String> reinitializing = new HashSet<>();
    int pendingAuth;
    boolean needsDelivery;
    long membershipEpoch = -1;
    long installedEpoch = -1;
    /** The last epoch whose issuing {@link IssuingRecord} recorded. */
    long recordedEpoch = -1;
    String refusal = "";
    /** Per-member keying with LKH rekeying: the group's key tree (null: star, or per-group keying). */
    KdcTree tree;
    /** Per-member keying: what membership changes cost (null in per-group keying). */
    io.qmkdc.gkm.RekeyTally rekeys;

    KdcGroup(QmKdc.GroupSpec spec) {
        this.spec = spec;
    }

    /** The group's links summed up: QBER of the worst keyed link, abort of the latest, bits of all. */
    QmKdc.GroupStatus status(long epoch) {
        double qber = Double.NaN;
        double abortQber = Double.NaN;
        boolean compromised = false;
        int aborts = 0;
        int alarms = 0;
        long bits = 0;
        String lastAbort = "";
        for (KdcLink l : links.values()) {
            qber = Double.isNaN(qber) ? l.qber : Math.max(qber, Double.isNaN(l.qber) ? qber : l.qber);
            compromised |= l.compromised;
            aborts += l.aborts;
            alarms += l.tamperAlarms;
            bits += l.keys.totalBits();
            if (!l.lastAbort.isEmpty()) {
                lastAbort = l.lastAbort;
                abortQber = l.abortQber;
            }
        }
        return new QmKdc.GroupStatus(spec.id(), new ArrayList<>(passed), spec.linkKm(), qber, compromised, aborts,
                lastAbort, abortQber, bits, epoch, installedEpoch, alarms, refusal);
    }
}
