package io.qmkdc.cluster;

import io.qmkdc.actor.QmKdc;
import io.qmkdc.scenario.Scenario;
import java.time.Duration;

/**
 * What a {@link KdcHost} deploys. The host inherits this type, so it is named {@code KdcHost.Plan}.
 */
public interface KdcPlan {
    /** What a node with role kdc deploys: the scenario's groups and members and the KDC settings. */
    public record Plan(Scenario scenario, QmKdc.Settings settings, int kcBits, Duration probe, Duration trafficEvery,
            Duration rekeyEvery, boolean oneNode) {
        /** No periodic re-key. */
        public Plan(Scenario scenario, QmKdc.Settings settings, int kcBits, Duration probe, Duration trafficEvery) {
            this(scenario, settings, kcBits, probe, trafficEvery, Duration.ZERO, false);
        }

        public Plan(Scenario scenario, QmKdc.Settings settings, int kcBits, Duration probe, Duration trafficEvery,
                Duration rekeyEvery) {
            this(scenario, settings, kcBits, probe, trafficEvery, rekeyEvery, false);
        }

        /**
         * The plan of a one-node cluster in this JVM ({@code demo}, {@code run}, {@code serve}): no other node to
         * wait for or to fail over to, so it deploys at the first probe, draws its streams from the seed alone,
         * numbers epochs from 0 and names the session after the scenario.
         */
        public static Plan oneNode(Scenario scenario, QmKdc.Settings settings, Duration trafficEvery,
                Duration rekeyEvery) {
            return new Plan(scenario, settings, Math.max(256, 2 * scenario.auth().rounds()), ONE_NODE_PROBE,
                    trafficEvery, rekeyEvery, true);
        }

        Plan withPeriods(Duration traffic, Duration rekey) {
            return new Plan(scenario, settings, kcBits, probe, traffic, rekey, oneNode);
        }
    }

    /** A one-node cluster's probe period: short, so a scenario starts within a few hundred milliseconds. */
    Duration ONE_NODE_PROBE = Duration.ofMillis(100);

    /** A one-node cluster's probe period once its scenario is initialized: the status (console, /status) each second. */
    Duration ONE_NODE_STEADY_PROBE = Duration.ofSeconds(1);
}
