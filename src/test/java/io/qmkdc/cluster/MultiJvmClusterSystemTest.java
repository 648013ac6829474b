package io.qmkdc.cluster;

import io.qmkdc.testing.Eventually;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * System test across real JVMs: three nodes on 127.0.0.1 ({@code Main node ...} started with
 * ProcessBuilder on the test classpath) run 2 groups x 3 members with same-group traffic; a
 * member-only node is killed with SIGKILL mid-traffic (its members re-home through sharding,
 * re-authenticate and get the current group key), a fresh member node joins, then the KDC's node
 * is killed (the singleton restarts on the other kdc node and re-initializes every group). The
 * nodes' {@code QMKDC-STATUS} lines are the evidence: all members keyed at their group's current
 * epoch after each kill, and no status line ever shows a delivery under an older epoch than the
 * receiver's. Small heaps and a 4 s SBR stable-after so it fits 2 cores.
 */
public class MultiJvmClusterSystemTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_MS = 90_000;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    @After
    public void stopNodes() {
        processes.forEach(Process::destroyForcibly);
        for (Process p : processes) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    public void membersAndKdcSurviveSigkillAndAreKeyedAgain() throws Exception {
        Path scenario = tmp.newFile("cluster.conf").toPath();
        Files.writeString(scenario, """
                scenario {
                  name = multi-jvm
                  profile = gys
                  keying-mode = per-group
                  auth { mode = hardened, rounds = 16, check-fraction = 0.25, tolerance = 0.0 }
                  link { target-detections = 100000, round-timeout-ms = 20000, retry-delay-ms = 300 }
                  groups = [
                    { id = g1, link-km = 10, sensitivity = NORMAL, members = [a1, a2, a3] }
                    { id = g2, link-km = 20, sensitivity = NORMAL, members = [b1, b2, b3] }
                  ]
                  impostors = []
                  steps = [ { do = initialize } ]
                }
                """);
        int[] ports = freePorts(4);
        String seeds = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[2];
        Process n1 = node("n1", "--roles", "kdc,channel,group,member", "--port", "" + ports[0], "--seed-nodes", seeds,
                "--scenario", scenario.toString(), "--traffic-ms", "300", "--min-nodes", "3");
        Process n2 = node("n2", "--roles", "member", "--port", "" + ports[1], "--seed-nodes", seeds, "--min-nodes", "3");
        Process n3 = node("n3", "--roles", "kdc,channel,group,member", "--port", "" + ports[2], "--seed-nodes", seeds,
                "--scenario", scenario.toString(), "--traffic-ms", "300", "--min-nodes", "3");
        String n1Address = "qmkdc@127.0.0.1:" + ports[0];
        String n3Address = "qmkdc@127.0.0.1:" + ports[2];
        String n2Address = "qmkdc@127.0.0.1:" + ports[1];

        // 1. Everyone keyed across the nodes, traffic flowing, some members on the member-only node n2.
        JsonNode first = await("all keyed, members on n2", s -> allKeyed(s) && delivered(s) > 0
                && membersOn(s, n2Address).size() > 0, -1);
        // The singleton runs on the oldest kdc node: n1 or n3, whichever the leader moved Up first.
        String kdcAddress = first.get("node").asText();
        assertTrue(kdcAddress, kdcAddress.equals(n1Address) || kdcAddress.equals(n3Address));
        Process kdcNode = kdcAddress.equals(n1Address) ? n1 : n3;
        String otherKdc = kdcAddress.equals(n1Address) ? n3Address : n1Address;
        List<String> onN2 = membersOn(first, n2Address);

        // 2. SIGKILL the member node mid-traffic: its members re-home, re-authenticate, get the current key.
        n2.destroyForcibly().waitFor();
        JsonNode rehomed = await("members of n2 re-homed and keyed", s -> allKeyed(s) && onN2.stream().allMatch(m ->
                s.get("members").get(m).get("reprovisioned").asInt() >= 1
                        && !s.get("members").get(m).get("node").asText().equals(n2Address)), -1);
        assertEquals("same KDC incarnation", first.get("incarnation").asLong(), rehomed.get("incarnation").asLong());
        for (String m : onN2) {
            String g = rehomed.get("members").get(m).get("group").asText();
            assertTrue("group " + g + " re-keyed after " + m + " re-authenticated",
                    rehomed.get("groups").get(g).get("epoch").asLong() > first.get("groups").get(g).get("epoch").asLong());
        }

        // 3. A fresh member node joins (keeps a majority for the next kill), then SIGKILL the KDC's node.
        Process n4 = node("n4", "--roles", "member", "--port", "" + ports[3], "--seed-nodes", seeds);
        awaitLine(logs.get(logs.size() - 1), "qmkdc node up");
        assertTrue(n4.isAlive());
        long before = rehomed.get("incarnation").asLong();
        kdcNode.destroyForcibly().waitFor();
        JsonNode failover = await("new KDC incarnation, all keyed, traffic again", s -> allKeyed(s)
                && delivered(s) > 0, before);
        assertEquals(otherKdc, failover.get("node").asText());
        for (Iterator<Map.Entry<String, JsonNode>> it = failover.get("members").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            assertFalse(m.getKey() + " still on a killed node",
                    m.getValue().get("node").asText().equals(kdcAddress) || m.getValue().get("node").asText().equals(n2Address));
        }

        // 4. Never a delivery under an epoch older than the receiver's current one, in any status line.
        int lines = 0;
        for (Path log : logs) {
            for (JsonNode s : statuses(log)) {
                lines++;
                for (Iterator<Map.Entry<String, JsonNode>> it = s.get("members").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> m = it.next();
                    assertEquals(m.getKey() + " stale deliveries", 0, m.getValue().path("stale").asInt(0));
                }
            }
        }
        assertTrue("status lines seen: " + lines, lines > 3);
    }

    /** Every member authenticated and holding its group's current epoch, which the group terminal installed. */
    private static boolean allKeyed(JsonNode s) {
        if (!s.get("initialized").asBoolean() || s.get("groups").size() == 0) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = s.get("members").fields(); it.hasNext(); ) {
            JsonNode m = it.next().getValue();
            JsonNode g = s.get("groups").get(m.get("group").asText());
            if (g == null || !m.path("authenticated").asBoolean() || g.get("epoch").asLong() < 0
                    || m.path("epoch").asLong(-1) != g.get("epoch").asLong()
                    || g.get("installedEpoch").asLong() != g.get("epoch").asLong()) {
                return false;
            }
        }
        return true;
    }

    private static long delivered(JsonNode s) {
        long n = 0;
        for (JsonNode m : s.get("members")) {
            n += Math.max(0, m.path("delivered").asLong(0));
        }
        return n;
    }

    private static List<String> membersOn(JsonNode s, String node) {
        List<String> out = new ArrayList<>();
        s.get("members").fields().forEachRemaining(e -> {
            if (e.getValue().get("node").asText().equals(node)) {
                out.add(e.getKey());
            }
        });
        return out;
    }

    /** The newest status line of an incarnation above {@code afterIncarnation} that passes {@code ok}. */
    private JsonNode await(String what, Predicate<JsonNode> ok, long afterIncarnation) throws Exception {
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            for (Path log : logs) {
                List<JsonNode> all = statuses(log);
                if (!all.isEmpty()) {
                    JsonNode s = all.get(all.size() - 1);
                    if (s.get("incarnation").asLong() > afterIncarnation) {
                        last = s;
                        if (ok.test(s)) {
                            return s;
                        }
                    }
                }
            }
            Thread.sleep(500);
        }
        fail("timed out waiting for: " + what + "; last status " + last + "\n" + tails());
        return null;
    }

    private static void awaitLine(Path log, String text) {
        Eventually.await(java.time.Duration.ofMillis(WAIT_MS), java.time.Duration.ofMillis(300),
                () -> Files.readString(log, StandardCharsets.ISO_8859_1), t -> t.contains(text), "'" + text + "' in " + log);
    }

    private static List<JsonNode> statuses(Path log) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("QMKDC-STATUS ")) {
                try {
                    out.add(JSON.readTree(line.substring("QMKDC-STATUS ".length())));
                } catch (IOException partial) {
                    // the line being written right now
                }
            }
        }
        return out;
    }

    private String tails() throws IOException {
        StringBuilder b = new StringBuilder();
        for (Path log : logs) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> !l.startsWith("QMKDC-STATUS") && !l.startsWith("\tat ")).toList();
            b.append("== ").append(log.getFileName()).append('\n');
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> b.append(l).append('\n'));
        }
        return b.toString();
    }

    private Process node(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dakka.cluster.split-brain-resolver.stable-after=4s",
                "-cp", System.getProperty("java.class.path"), "io.qmkdc.cli.Main", "node"));
        cmd.addAll(List.of(args));
        Path log = tmp.getRoot().toPath().resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("QMKDC_LOG_LEVEL", "INFO"); // the KDC's link and authentication events, for a failure's tail
        Process p = pb.start();
        processes.add(p);
        logs.add(log);
        assertNotNull(p);
        return p;
    }

    private static int[] freePorts(int n) throws IOException {
        int[] out = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                held.add(s);
                out[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return out;
    }
}
