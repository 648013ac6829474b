package io.qmkdc.scenario;

import io.qmkdc.actor.QmKdc;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.gkm.RekeyPolicy;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.quantum.EprAuthentication;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A parsed scenario file ({@code conf/scenarios/*.conf}, keys in conf/scenarios/README.md): the
 * deployment and the steps to run. Built by {@link ScenarioLoader}, which validates every value.
 */
public record Scenario(String name, String profile, String keying, Auth auth, Link link, List<GroupPlan> groups,
        List<Impostor> impostors, List<Step> steps, RekeyPolicy rekey) {
    public Scenario {
        rekey = rekey == null ? RekeyPolicy.DEFAULT_STAR : rekey;
    }

    public Scenario(String name, String profile, String keying, Auth auth, Link link, List<GroupPlan> groups,
            List<Impostor> impostors, List<Step> steps) {
        this(name, profile, keying, auth, link, groups, impostors, steps, RekeyPolicy.DEFAULT_STAR);
    }

    /** The KDC's settings this scenario asks for: link round sizes and timers, authentication mode. */
    public QmKdc.Settings kdcSettings(LinkProfile profile, long seed) {
        return new QmKdc.Settings(profile, link.targetDetections(), Duration.ofMillis(link.roundTimeoutMs()),
                Duration.ofMillis(link.retryDelayMs()), new Authenticator.Settings(
                        EprAuthentication.Mode.valueOf(auth.mode().toUpperCase(Locale.ROOT)), auth.rounds(),
                        auth.checkFraction(), auth.tolerance()), seed).withRekey(rekey);
    }

    public record Auth(String mode, int rounds, double checkFraction, double tolerance) {
    }

    public record Link(long targetDetections, long roundTimeoutMs, long retryDelayMs) {
    }

    public record GroupPlan(String id, double linkKm, String sensitivity, List<String> members) {
    }

    public record Impostor(String id, String group) {
    }

    /** One step; unused fields are null / 0. {@code path} names it in messages. */
    public record Step(String kind, String from, String text, String group, String toGroup, String type,
            double fraction, int count, String member, String sensitivity, String path) {
    }
}
