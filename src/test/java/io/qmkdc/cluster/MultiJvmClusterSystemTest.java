package io.qmkdc.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qmkdc.load.ClusterLoadOptions;
import io.qmkdc.load.ClusterLoadRun;
import io.qmkdc.load.LoadReport;
import io.qmkdc.load.LoadProgress;
import io.qmkdc.load.LoadSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * System test across real JVMs (issue 4's "done when"): {@link ClusterLoadRun} starts three node JVMs
 * ({@code Main node}, test classpath) — n1 and n3 with every role, n2 members only — and drives 60
 * members in 4 groups from this JVM (a role-less driver node hosting the application). Mid-traffic the
 * member-only node is killed with SIGKILL, later the KDC's node. Asserted: both kills happened, every
 * member is keyed again at the end, every message reached every member of its group at the
 * application exactly once ({@code lostMessages = 0}, {@code duplicateMessages = 0}), no delivery
 * under an epoch older than one its receiver had used, and the nodes' own status lines show the
 * re-homed members re-provisioned and a second KDC incarnation on the surviving kdc node.
 * Small heaps and a 4 s SBR stable-after so it fits 2 cores (about 90 s).
 */
public class MultiJvmClusterSystemTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void nothingIsLostOrDuplicatedWhenAMemberNodeAndThenTheKdcNodeAreKilled() throws Exception {
        LoadSettings settings = LoadSettings.of(3, 4, 60, 40, 36_000, 0.75, 7).withDrain(120_000);
        Path run = tmp.newFolder("run").toPath();
        ClusterLoadOptions options = ClusterLoadOptions.defaults(3, run)
                .withRoles(List.of(List.of("kdc", "channel", "group", "member"), List.of("member"),
                        List.of("kdc", "channel", "group", "member")))
                .withJvm("384m", List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-Dakka.cluster.split-brain-resolver.stable-after=4s"))
                .withFaults(List.of(new ClusterLoadOptions.Fault(6, "member"), new ClusterLoadOptions.Fault(18, "kdc")))
                .withResubmitAfter(Duration.ofSeconds(8));
        LoadReport r = new ClusterLoadRun(settings, options, new LoadProgress() {
            @Override
            public void keying(int keyed, int total) {
            }

            @Override
            public void traffic(double seconds, double total) {
            }
        }).run();
        String why = JSON.writeValueAsString(r) + "\n" + tails(run);

        assertEquals(why, 60, r.keyedMembers());
        assertEquals(why, 2, r.cluster().faults().stream().filter(f -> f.startsWith("SIGKILL")).count());
        assertTrue(why, r.cluster().faults().get(0).startsWith("SIGKILL member"));
        assertTrue(why, r.cluster().faults().get(1).startsWith("SIGKILL kdc"));
        assertTrue("traffic flowed: " + why, r.sentMessages() > 1000 && r.expectedDeliveries() > 10_000);
        assertEquals(why, List.of(), r.keyingProblems());
        assertEquals("every member keyed again: " + why, 60, r.cluster().keyedAtEnd());
        assertEquals("lostMessages: " + why, 0, r.lostMessages());
        assertEquals("duplicateMessages: " + why, 0, r.duplicateMessages());
        assertEquals(why, r.expectedDeliveries(), r.deliveredMessages());
        assertEquals("stale-epoch deliveries: " + why, 0, r.cluster().staleDeliveries());
        assertEquals("every message acknowledged by all its recipients: " + why, 0, r.resends().unacknowledged());
        // Members re-homed from the killed nodes were resumed from the application's record.
        assertTrue(why, r.cluster().resumes() > 60);

        // The nodes' own account: two KDC incarnations, the second on the surviving kdc node, every member keyed there.
        List<JsonNode> statuses = new ArrayList<>();
        try (Stream<Path> logs = Files.list(run)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                statuses.addAll(statuses(log));
            }
        }
        Set<String> incarnations = new LinkedHashSet<>();
        statuses.forEach(s -> incarnations.add(s.get("incarnation").asLong() + " on " + s.get("node").asText()));
        java.util.Comparator<JsonNode> byIncarnation = java.util.Comparator.comparingLong(s -> s.get("incarnation").asLong());
        JsonNode first = statuses.stream().min(byIncarnation).orElseThrow();
        long newest = statuses.stream().mapToLong(s -> s.get("incarnation").asLong()).max().orElseThrow();
        List<JsonNode> ofNewest = statuses.stream().filter(s -> s.get("incarnation").asLong() == newest).toList();
        JsonNode last = ofNewest.get(ofNewest.size() - 1); // one log, in print order
        assertTrue("a new KDC incarnation on another node: " + incarnations, incarnations.size() >= 2
                && !first.get("node").asText().equals(last.get("node").asText()));
        assertTrue("the newest incarnation initialized every group: " + last, last.get("initialized").asBoolean());
        assertTrue("the killed KDC node " + r.cluster().faults().get(1) + " ran the first incarnation: " + incarnations,
                r.cluster().faults().get(1).contains(first.get("node").asText()));
    }

    private static List<JsonNode> statuses(Path log) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("QMKDC-STATUS ")) {
                try {
                    out.add(JSON.readTree(line.substring("QMKDC-STATUS ".length())));
                } catch (IOException partial) {
                    // the line being written when the node was killed
                }
            }
        }
        return out;
    }

    private static String tails(Path run) throws IOException {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> logs = Files.list(run)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                        .filter(l -> !l.startsWith("QMKDC-STATUS") && !l.startsWith("\tat ")).toList();
                b.append("== ").append(log.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> b.append(l).append('\n'));
            }
        }
        return b.toString();
    }
}
