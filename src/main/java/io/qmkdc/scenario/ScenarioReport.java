package io.qmkdc.scenario;

import java.util.List;

/** What a scenario run did, as data: the JSON of {@code deploy/qmkdc demo --json} (no key material). */
public record ScenarioReport(String scenario, long seed, double wallSeconds, List<GroupRow> groups, List<AuthRow> auth,
        Messages messages, List<AttackRow> attacks, List<String> account) {

    /**
     * @param qber           QBER of the group link's last keyed round
     * @param aborted        whether any round of the link aborted during the run
     * @param privateKeyBits QKD key bits the KDC accepted on the link (after the MAC top-up)
     * @param groupKeyEpoch  the epoch of G_k the group terminal installed last (-1: none)
     */
    public record GroupRow(String id, List<String> members, double linkKm, double qber, boolean aborted, int aborts,
            boolean compromised, long privateKeyBits, long groupKeyEpoch) {
    }

    public record AuthRow(String member, String mode, boolean passed, int rounds, int failedRounds, int checks,
            int checkMismatches) {
    }

    public record Messages(int intraSent, int intraDelivered, int relaySent, int relayDelivered, long rejected) {
    }

    /**
     * @param startedAt  seconds after the start of the run
     * @param detectedBy what noticed the attack (empty when nothing did)
     * @param qberDuring QBER measured on the link while attacked (NaN when no round ran)
     * @param eveLearned what the eavesdropper reports she learned or did (empty for impostor members)
     */
    public record AttackRow(String type, String target, double startedAt, boolean detected, String detectedBy,
            double qberDuring, String eveLearned) {
    }
}
