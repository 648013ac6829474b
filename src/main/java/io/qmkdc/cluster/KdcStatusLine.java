package io.qmkdc.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The KDC host's {@code QMKDC-STATUS {json}} line (for the multi-JVM test and a node's log): its incarnation, node and
 * traffic, every group's epochs and link health as the KDC reports them, where each entity runs, and each member's
 * authentication, epoch and delivery counts as its last probe answered. No key material.
 */
final class KdcStatusLine {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KdcStatusLine() {
    }

    static void print(PrintStream out, long incarnation, String node, boolean initialized, long sentTraffic,
            QmKdc.Status kdcStatus, KdcProvisioning d, Map<String, String> nodes, Map<String, Integer> reprovisioned,
            Map<String, Member.DeliveryStats> stats) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("incarnation", incarnation);
        root.put("node", node);
        root.put("initialized", initialized);
        root.put("trafficSent", sentTraffic);
        Map<String, Object> gs = new LinkedHashMap<>();
        if (kdcStatus != null) {
            for (QmKdc.GroupStatus g : kdcStatus.groups()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("epoch", g.epoch());
                row.put("installedEpoch", g.installedEpoch());
                row.put("members", g.members());
                row.put("qber", Double.isNaN(g.qber()) ? null : g.qber());
                row.put("privateKeyBits", g.privateKeyBits());
                row.put("aborts", g.aborts());
                row.put("lastAbort", g.lastAbort());
                row.put("tamperAlarms", g.tamperAlarms());
                row.put("refusal", g.refusal());
                row.put("node", nodes.getOrDefault(g.id(), ""));
                gs.put(g.id(), row);
            }
        }
        root.put("groups", gs);
        Map<String, String> cs = new LinkedHashMap<>();
        d.channels.keySet().forEach(l -> cs.put(l, nodes.getOrDefault(KdcProvisioning.CHANNEL_KEY + l, "")));
        root.put("channels", cs);
        Map<String, Object> ms = new LinkedHashMap<>();
        for (String m : d.members.keySet()) {
            Member.DeliveryStats s = stats.get(m);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("group", d.groupOf.get(m));
            row.put("impostor", d.impostors.contains(m));
            row.put("node", nodes.getOrDefault(m, ""));
            row.put("reprovisioned", reprovisioned.getOrDefault(m, 0));
            if (s != null) {
                row.put("authenticated", s.authenticated());
                row.put("epoch", s.epoch());
                row.put("delivered", s.delivered());
                row.put("rejected", s.rejected());
                row.put("stale", s.stale());
                row.put("sent", s.sent());
            }
            ms.put(m, row);
        }
        root.put("members", ms);
        try {
            out.println("QMKDC-STATUS " + JSON.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }
}
