package io.qmkdc.scenario;

import java.util.List;

/**
 * A parsed scenario file ({@code conf/scenarios/*.conf}, keys in conf/scenarios/README.md): the
 * deployment and the steps to run. Built by {@link ScenarioLoader}, which validates every value.
 */
public record Scenario(String name, String profile, String keying, Auth auth, Link link, List<GroupPlan> groups,
        List<Impostor> impostors, List<Step> steps) {

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
