package io.qmkdc.load;

/**
 * One load run: {@code groups} groups sharing {@code members} members (member i in group
 * i mod groups), traffic at {@code rate} messages/s for {@code durationMs}, a share
 * {@code intraFraction} of it same-group, the rest relayed to another group; {@code drainMs} bounds
 * the wait for acknowledgements afterwards. Keying sizes: {@code authRounds} EPR rounds per member
 * (hardened), {@code targetDetections} detections per BB84 round on each group's link. Fault
 * injection: {@code dropFraction} of the reliable publishes and fan-out deliveries are dropped in
 * transit and {@code duplicateFraction} sent twice (one JVM: {@link io.qmkdc.actor.TransitFaults}). Members re-send an
 * unacknowledged message first after {@code resendAfterMs}, then with doubling waits up to 8 times
 * that, 8 sends in all. {@code rekeyEveryMs} > 0: every so often during the traffic one group
 * (round robin) is re-initialized — a new BB84 round, a new P_k and a new G_k epoch. {@code keying}:
 * {@code per-group} (one BB84 link per group terminal) or {@code per-member} (one per member).
 * {@code rekey}: how a per-member group rekeys on a membership change (star or an LKH key tree, its
 * degree and batch interval; {@code load --rekey}). {@code churn} > 0 (per-member keying, one JVM): that
 * many membership changes per second of traffic, members leaving and coming back ({@link Churn}).
 */
public record LoadSettings(int nodes, int groups, int members, double rate, long durationMs, double intraFraction,
        long seed, int authRounds, long targetDetections, long drainMs, long keyingTimeoutMs, double dropFraction,
        double duplicateFraction, long resendAfterMs, long rekeyEveryMs, String keying, io.qmkdc.gkm.RekeyPolicy rekey,
        double churn) {

    /** Defaults sized so 1,000 members key in seconds on 2 cores (see README, "Load experiment"); keying may take 100 ms a member (per-member keying: a BB84 link and an EPR session each) and at least 2 minutes. */
    public static final int AUTH_ROUNDS = 16;
    public static final long TARGET_DETECTIONS = 300_000;
    /** The keying modes (the scenario's {@code keying-mode} values). */
    public static final String PER_GROUP = "per-group";
    public static final String PER_MEMBER = "per-member";

    public LoadSettings {
        require(nodes >= 1 && nodes <= 16, "--nodes", nodes + " outside [1, 16]");
        require(groups >= 1 && groups <= 1000, "--groups", groups + " outside [1, 1000]");
        require(members >= groups && members <= 100_000, "--members",
                members + " outside [" + groups + " (one per group), 100000]");
        require(rate > 0 && rate <= 100_000, "--rate", rate + " outside (0, 100000] messages/s");
        require(durationMs >= 1 && durationMs <= 3_600_000, "--duration", durationMs + " ms outside [1 ms, 1 h]");
        require(intraFraction >= 0 && intraFraction <= 1, "--intra-fraction", intraFraction + " outside [0, 1]");
        require(authRounds >= 1 && authRounds <= 1024, "authRounds", authRounds + " outside [1, 1024]");
        require(targetDetections >= 10_000, "targetDetections", targetDetections + " below 10000");
        require(drainMs >= 0, "drainMs", drainMs + " below 0");
        require(dropFraction >= 0 && dropFraction <= 0.5, "--drop-fraction", dropFraction + " outside [0, 0.5]");
        require(duplicateFraction >= 0 && duplicateFraction <= 0.5, "--duplicate-fraction",
                duplicateFraction + " outside [0, 0.5]");
        require(resendAfterMs >= 10 && resendAfterMs <= 60_000, "--resend-after", resendAfterMs + " ms outside [10 ms, 60 s]");
        require(rekeyEveryMs == 0 || rekeyEveryMs >= 100, "--rekey-every", rekeyEveryMs + " ms: 0 (never) or at least 100 ms");
        require(keyingTimeoutMs >= 1, "keyingTimeoutMs", keyingTimeoutMs + " below 1");
        require(PER_GROUP.equals(keying) || PER_MEMBER.equals(keying), "--keying",
                "'" + keying + "' is neither " + PER_GROUP + " nor " + PER_MEMBER);
        rekey = rekey == null ? io.qmkdc.gkm.RekeyPolicy.DEFAULT_STAR : rekey;
        require(churn >= 0 && churn <= 1000, "--churn", churn + " outside [0, 1000] changes/s");
        require(churn == 0 || PER_MEMBER.equals(keying), "--churn", "needs --keying " + PER_MEMBER);
        require(churn == 0 || nodes == 1, "--churn", "on the embedded one-node cluster only (not with --nodes N > 1)");
        require(churn == 0 || members / groups >= 3, "--churn", "needs at least 3 members per group");
        require(churn == 0 || dropFraction == 0 && duplicateFraction == 0, "--churn",
                "not with --drop-fraction or --duplicate-fraction");
    }

    public static LoadSettings of(int nodes, int groups, int members, double rate, long durationMs,
            double intraFraction, long seed) {
        return new LoadSettings(nodes, groups, members, rate, durationMs, intraFraction, seed, AUTH_ROUNDS,
                TARGET_DETECTIONS, 30_000, Math.max(120_000, 100L * members), 0, 0, 1000, 0, PER_GROUP, null, 0);
    }

    public LoadSettings withDrain(long ms) {
        return new LoadSettings(nodes, groups, members, rate, durationMs, intraFraction, seed, authRounds,
                targetDetections, ms, keyingTimeoutMs, dropFraction, duplicateFraction, resendAfterMs, rekeyEveryMs, keying,
                rekey, churn);
    }

    public LoadSettings withFaults(double drop, double duplicate) {
        return new LoadSettings(nodes, groups, members, rate, durationMs, intraFraction, seed, authRounds,
                targetDetections, drainMs, keyingTimeoutMs, drop, duplicate, resendAfterMs, rekeyEveryMs, keying, rekey,
                churn);
    }

    public LoadSettings withResendAfter(long ms) {
        return new LoadSettings(nodes, groups, members, rate, durationMs, intraFraction, seed, authRounds,
                targetDetections, drainMs, keyingTimeoutMs, dropFraction, duplicateFraction, ms, rekeyEveryMs, keying,
                rekey, churn);
    }

    public LoadSettings withRekeyEvery(long ms) {
        return new LoadSettings(nodes, groups, members, rate, durationMs, intraFraction, seed, authRounds,
                targetDetections, drainMs, keyingTimeoutMs, dropFraction, duplicateFraction, resendAfterMs, ms, keying,
                rekey, churn);
    }

    public LoadSettings withKeying(String k) {
        return new LoadSettings(nodes, groups, members, rate, durationMs, intraFraction, seed, authRounds,
                targetDetections, drainMs, keyingTimeoutMs, dropFraction, duplicateFraction, resendAfterMs, rekeyEveryMs,
                k, rekey, churn);
    }

    /** Per-member groups rekey by {@code policy}; {@code changesPerSecond} membership changes during the traffic. */
    public LoadSettings withRekey(io.qmkdc.gkm.RekeyPolicy policy, double changesPerSecond) {
        return new LoadSettings(nodes, groups, members, rate, durationMs, intraFraction, seed, authRounds,
                targetDetections, drainMs, keyingTimeoutMs, dropFraction, duplicateFraction, resendAfterMs, rekeyEveryMs,
                keying, policy, changesPerSecond);
    }

    private static void require(boolean ok, String name, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(name + ": " + problem);
        }
    }
}
