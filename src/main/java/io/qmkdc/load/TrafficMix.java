package io.qmkdc.load;

import java.util.SplittableRandom;

/**
 * What the driver sends next, from one seeded stream: a random sender, and a target group — its own with
 * probability {@code intraFraction}, else another one uniformly (relayed by the KDC). Counts both kinds and the
 * deliveries they owe: every other member of the own group, every member of another.
 */
final class TrafficMix {
    private final LoadPlan plan;
    private final SplittableRandom random;
    long same;
    long cross;
    long expected;

    TrafficMix(LoadPlan plan) {
        this.plan = plan;
        this.random = new SplittableRandom(plan.s.seed() ^ 0x10AD);
    }

    int sender() {
        return random.nextInt(plan.s.members());
    }

    /** The target group of the next message from {@code from}; counted. */
    int target(int from) {
        int groups = plan.s.groups();
        int g = plan.groupOf(from);
        boolean toOther = groups > 1 && random.nextDouble() >= plan.s.intraFraction();
        if (!toOther) {
            same++;
            expected += plan.groupSize[g] - 1;
            return g;
        }
        int target = (g + 1 + random.nextInt(groups - 1)) % groups;
        cross++;
        expected += plan.groupSize[target];
        return target;
    }

    /** The deliveries a message from {@code from} to {@code target} owes. */
    int owed(int from, int target) {
        return target == plan.groupOf(from) ? plan.groupSize[target] - 1 : plan.groupSize[target];
    }

    long sent() {
        return same + cross;
    }
}
