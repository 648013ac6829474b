package io.qmkdc.actor;

import io.qmkdc.crypto.Sensitivity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks an {@link QmKdc.Initialize} request; one line per problem, naming the field. */
final class InitializeValidation {
    private InitializeValidation() {
    }

    static List<String> problems(QmKdc.Initialize init, Set<String> existingGroups) {
        List<String> p = new ArrayList<>();
        if (init.groups() == null || init.groups().isEmpty()) {
            p.add("groups: empty (at least one group is needed)");
            return p;
        }
        Set<String> groupIds = new HashSet<>(existingGroups);
        for (int i = 0; i < init.groups().size(); i++) {
            QmKdc.GroupSpec g = init.groups().get(i);
            String at = "groups[" + i + "]";
            if (g.id() == null || g.id().isBlank()) {
                p.add(at + ".id: empty");
            } else if (!groupIds.add(g.id())) {
                p.add(at + ".id: duplicate '" + g.id() + "'");
            }
            if (!(g.linkKm() >= 0 && g.linkKm() <= 300)) {
                p.add(at + ".linkKm: " + g.linkKm() + " outside [0, 300]");
            }
            if (g.group() == null) {
                p.add(at + ".group: missing terminal");
            }
            boolean perMember = QmKdc.PER_MEMBER.equals(g.keying());
            if (!perMember && !QmKdc.PER_GROUP.equals(g.keying())) {
                p.add(at + ".keying: '" + g.keying() + "' is not per-group or per-member");
            }
            if (!perMember && g.channel() == null) {
                p.add(at + ".channel: unknown link (no quantum channel)");
            }
            if (!perMember && (g.linkAuthKey() == null || g.linkAuthKey().length < 256)) {
                p.add(at + ".linkAuthKey: needs >= 256 bytes of pre-shared key");
            }
            try {
                Sensitivity.valueOf(g.sensitivity());
            } catch (RuntimeException ex) {
                p.add(at + ".sensitivity: '" + g.sensitivity() + "' is not NORMAL, HIGH or TOP_SECRET");
            }
            if (g.members() == null || g.members().isEmpty()) {
                p.add(at + ".members: empty group");
                continue;
            }
            Set<String> memberIds = new HashSet<>();
            for (int j = 0; j < g.members().size(); j++) {
                QmKdc.MemberSpec m = g.members().get(j);
                String mat = at + ".members[" + j + "]";
                if (m.id() == null || m.id().isBlank()) {
                    p.add(mat + ".id: empty");
                } else if (!memberIds.add(m.id())) {
                    p.add(mat + ".id: duplicate '" + m.id() + "'");
                }
                if (m.member() == null) {
                    p.add(mat + ".member: missing actor");
                }
                if (m.kc() == null || m.kcBits() < 2) {
                    p.add(mat + ".kc: missing authentication key");
                }
                if (perMember && m.channel() == null) {
                    p.add(mat + ".channel: unknown link (per-member keying needs the member's quantum channel)");
                }
                if (perMember && (m.linkAuthKey() == null || m.linkAuthKey().length < 256)) {
                    p.add(mat + ".linkAuthKey: needs >= 256 bytes of pre-shared key");
                }
            }
        }
        return p;
    }
}
