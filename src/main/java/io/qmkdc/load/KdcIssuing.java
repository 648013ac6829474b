package io.qmkdc.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The KDC incarnations of a run as the nodes recorded them: every node log's {@code QMKDC-ISSUED} lines (one per group
 * key epoch the KDC issued, with the incarnation's epoch base and the wall-clock time) grouped by incarnation, and
 * the number of groups for which two incarnations issued keys in overlapping intervals — a split brain, which must
 * not happen. Times are seconds from the traffic's start (the nodes share this machine's clock).
 */
public final class KdcIssuing {
    private static final String TAG = "QMKDC-ISSUED ";
    private static final String UP = "qmkdc node up: ";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One incarnation: the node it ran on, and per group the first and last issuing. */
    public record Incarnation(String node, long epochBase, double startedAt, int epochsIssued, double firstIssuedAt,
            double lastIssuedAt, Map<String, double[]> groups) {
    }

    /** What the report carries: the incarnations in the order they started, and the overlap count. */
    public record Summary(List<Incarnation> incarnations, int overlappingGroups) {
    }

    private KdcIssuing() {
    }

    /** Reads {@code n*.log} in {@code runDir}; {@code trafficStartMs} is the wall-clock start of the traffic. */
    public static Summary read(Path runDir, long trafficStartMs) throws IOException {
        Map<Long, Builder> byBase = new TreeMap<>();
        List<Path> logs;
        try (var files = Files.list(runDir)) {
            logs = files.filter(p -> p.getFileName().toString().matches("n\\d+\\.log")).sorted().toList();
        }
        for (Path log : logs) {
            String node = log.getFileName().toString().replace(".log", "");
            List<JsonNode> records = new ArrayList<>();
            for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                int up = line.indexOf(UP);
                int at = line.indexOf(TAG);
                if (up >= 0) {
                    node = line.substring(up + UP.length()).split(" ")[0];
                } else if (at >= 0) {
                    try {
                        records.add(JSON.readTree(line.substring(at + TAG.length())));
                    } catch (IOException e) {
                        // a line cut by the node's death
                    }
                }
            }
            String host = node;
            for (JsonNode r : records) {
                long base = r.path("epochBase").asLong();
                double t = (r.path("atMs").asLong() - trafficStartMs) / 1000.0;
                byBase.computeIfAbsent(base, b -> new Builder(host)).add(r.path("group").asText(), t);
            }
        }
        List<Incarnation> out = new ArrayList<>();
        byBase.forEach((base, b) -> out.add(b.build(base, (base / 1000 - trafficStartMs) / 1000.0)));
        out.sort(Comparator.comparingDouble(Incarnation::startedAt));
        return new Summary(out, overlapping(out));
    }

    /**
     * When every group had been issued a key by an incarnation started after {@code cutAt} (null if some group never
     * was): the KDC's recovery from a cut of its host.
     */
    public static Double allKeyedAgainAt(List<Incarnation> incarnations, double cutAt) {
        Map<String, Double> first = new TreeMap<>();
        java.util.Set<String> all = new java.util.TreeSet<>();
        for (Incarnation i : incarnations) {
            all.addAll(i.groups().keySet());
            if (i.startedAt() > cutAt) {
                i.groups().forEach((g, span) -> first.merge(g, span[0], Math::min));
            }
        }
        if (all.isEmpty() || !first.keySet().containsAll(all)) {
            return null;
        }
        return first.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /** Groups for which two incarnations' issuing intervals intersect. */
    static int overlapping(List<Incarnation> incarnations) {
        Map<String, List<double[]>> byGroup = new LinkedHashMap<>();
        for (Incarnation i : incarnations) {
            i.groups().forEach((g, span) -> byGroup.computeIfAbsent(g, k -> new ArrayList<>()).add(span));
        }
        int groups = 0;
        for (List<double[]> spans : byGroup.values()) {
            boolean overlap = false;
            for (int a = 0; a < spans.size() && !overlap; a++) {
                for (int b = a + 1; b < spans.size() && !overlap; b++) {
                    overlap = spans.get(a)[0] <= spans.get(b)[1] && spans.get(b)[0] <= spans.get(a)[1];
                }
            }
            groups += overlap ? 1 : 0;
        }
        return groups;
    }

    /** One incarnation's records; an incarnation (one epoch base) runs on the node whose log first holds it. */
    private static final class Builder {
        private final String node;
        private int epochs;
        private final Map<String, double[]> groups = new TreeMap<>();

        Builder(String node) {
            this.node = node;
        }

        void add(String group, double t) {
            epochs++;
            groups.merge(group, new double[] {t, t}, (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }

        Incarnation build(long base, double startedAt) {
            double first = groups.values().stream().mapToDouble(s -> s[0]).min().orElse(Double.NaN);
            double last = groups.values().stream().mapToDouble(s -> s[1]).max().orElse(Double.NaN);
            return new Incarnation(node, base, startedAt, epochs, first, last, groups);
        }
    }
}
