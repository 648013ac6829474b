package io.qmkdc.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The load's groups g01.. (links from 10 to 50 km) and members m0.. (member i in group i mod groups): computed once,
 * the ids, the scenario and the report's setup that both load runs use.
 */
final class LoadPlan {
    static final double KM_MIN = 10;
    static final double KM_MAX = 50;

    final LoadSettings s;
    final List<String> groupIds = new ArrayList<>();
    final List<String> memberIds = new ArrayList<>();
    final List<List<String>> groupMembers = new ArrayList<>();
    final int[] groupSize;

    LoadPlan(LoadSettings settings) {
        this.s = settings;
        int width = Integer.toString(s.members() - 1).length();
        int gw = Math.max(2, Integer.toString(s.groups()).length());
        groupSize = new int[s.groups()];
        for (int g = 0; g < s.groups(); g++) {
            groupIds.add(String.format(Locale.ROOT, "g%0" + gw + "d", g + 1));
            groupMembers.add(new ArrayList<>());
        }
        for (int i = 0; i < s.members(); i++) {
            String id = String.format(Locale.ROOT, "m%0" + width + "d", i);
            memberIds.add(id);
            groupMembers.get(groupOf(i)).add(id);
            groupSize[groupOf(i)]++;
        }
    }

    int groupOf(int member) {
        return member % s.groups();
    }

    /** Group g's link length: evenly from 10 to 50 km (one group: 10 km). */
    double km(int g) {
        return s.groups() == 1 ? KM_MIN : KM_MIN + (KM_MAX - KM_MIN) * g / (s.groups() - 1);
    }

    /** The load as a scenario (HOCON): what the nodes' KDC deploys ({@code node --scenario FILE}). */
    String scenarioHocon() {
        StringBuilder b = new StringBuilder();
        b.append("scenario {\n  name = load\n  profile = gys\n  keying-mode = ").append(s.keying()).append("\n");
        b.append(String.format(Locale.ROOT, "  rekey { scheme = %s, degree = %d, batch-ms = %d }%n", s.rekey().scheme(),
                s.rekey().degree(), s.rekey().batchMs()));
        b.append("  auth { mode = hardened, rounds = ").append(s.authRounds())
                .append(", check-fraction = 0.25, tolerance = 0.0 }\n");
        b.append("  link { target-detections = ").append(s.targetDetections())
                .append(", round-timeout-ms = 30000, retry-delay-ms = 300 }\n  groups = [\n");
        for (int g = 0; g < s.groups(); g++) {
            b.append(String.format(Locale.ROOT, "    { id = %s, link-km = %.3f, sensitivity = NORMAL, members = [%s] }%n",
                    groupIds.get(g), km(g), String.join(", ", groupMembers.get(g))));
        }
        b.append("  ]\n  impostors = []\n  steps = [ { do = initialize } ]\n}\n");
        return b.toString();
    }

    LoadReport.Setup setup(int nodes) {
        return new LoadReport.Setup(nodes, s.groups(), s.members(), s.rate(), s.durationMs() / 1000.0,
                s.intraFraction(), s.seed(), s.keying(), s.authRounds(), s.targetDetections(), KM_MIN,
                s.groups() == 1 ? KM_MIN : KM_MAX);
    }
}
