package io.qmkdc.cluster;

import io.qmkdc.testing.NodeProcesses;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qmkdc.actor.KeyAudit;
import io.qmkdc.pki.CertRole;
import io.qmkdc.pki.PkiDir;
import io.qmkdc.pki.TestPki;
import io.qmkdc.testing.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * What a wiretap on the cluster network sees (issue 9): three real node JVMs on loopback (A kdc,group; B and C
 * channel,member, so K_c, P_k and G_k have to cross between JVMs), tcpdump capturing their Artery ports from before the
 * first connection through BB84 keying, EPR authentication and group traffic. Every key the nodes issued (the
 * {@link KeyAudit} file each node writes) is then searched in the capture as raw bytes and as hex text, and so are
 * {@code io.qmkdc} class names. With {@code --pki} none is found; the same search on {@code --insecure} nodes finds
 * both, so the search is shown to work. Needs tcpdump and the right to capture on lo (deploy/test installs tcpdump).
 */
public class ArteryCaptureSystemTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(150);
    private static final String SCENARIO = """
            scenario {
              name = capture
              profile = gys
              keying-mode = per-group
              auth { mode = hardened, rounds = 16, check-fraction = 0.25, tolerance = 0.0 }
              link { target-detections = 300000, round-timeout-ms = 30000, retry-delay-ms = 300 }
              groups = [
                { id = g1, link-km = 10, sensitivity = NORMAL, members = [a1, a2, a3] }
                { id = g2, link-km = 20, sensitivity = NORMAL, members = [b1, b2, b3] }
              ]
              impostors = []
              steps = [ { do = initialize } ]
            }
            """;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    @After
    public void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    @Test
    public void withTlsNoIssuedKeyAndNoClassNameIsOnTheWire() throws Exception {
        Capture c = capture(true);
        assertTrue("keys were issued: " + c, c.issued() >= 6);
        assertTrue("the capture holds the cluster's traffic: " + c, c.bytes() > 100_000);
        assertEquals("keys readable on the wire: " + c, List.of(), c.keysFound());
        assertEquals("io.qmkdc class names on the wire: " + c, 0, c.classNames());
    }

    @Test
    public void withInsecureTheSameSearchFindsKeysAndClassNames() throws Exception {
        Capture c = capture(false);
        assertTrue("keys were issued: " + c, c.issued() >= 6);
        assertTrue("io.qmkdc class names on the plain wire: " + c, c.classNames() > 0);
        assertTrue("issued keys on the plain wire: " + c, !c.keysFound().isEmpty());
    }

    /** {@code keysFound}: how each found key was found ("raw"/"hex" and its first bytes, never the whole key). */
    private record Capture(int issued, long bytes, List<String> keysFound, int classNames) {
    }

    private Capture capture(boolean tls) throws Exception {
        int[] ports = NodeProcesses.freePorts(3);
        Path dir = tmp.getRoot().toPath();
        Path pcap = dir.resolve("artery.pcap");
        Path dumpLog = dir.resolve("tcpdump.log");
        Process dump = new ProcessBuilder("tcpdump", "-i", "lo", "-U", "-s", "0", "-w", pcap.toString(),
                "tcp port " + ports[0] + " or tcp port " + ports[1] + " or tcp port " + ports[2])
                .redirectErrorStream(true).redirectOutput(dumpLog.toFile()).start();
        processes.add(dump);
        Eventually.await(Duration.ofSeconds(20), Duration.ofMillis(100), () -> Files.readString(dumpLog),
                s -> s.contains("listening on"), "tcpdump listening on lo");

        PkiDir pki = null;
        if (tls) {
            pki = TestPki.init(dir.resolve("pki"));
            for (String n : List.of("a", "b", "c")) {
                TestPki.issue(pki, CertRole.NODE, n, "127.0.0.1");
            }
        }
        Path scenario = dir.resolve("capture.conf");
        Files.writeString(scenario, SCENARIO);
        String seeds = "127.0.0.1:" + ports[0];
        String[] roles = {"kdc,group", "channel,member", "channel,member"};
        String[] names = {"a", "b", "c"};
        for (int i = 0; i < 3; i++) {
            node(names[i], pki, "--roles", roles[i], "--port", "" + ports[i], "--seed-nodes", seeds, "--min-nodes", "3",
                    "--scenario", scenario.toString(), "--traffic-ms", "100");
        }
        // Keyed, authenticated and talking: every member authenticated under an epoch, and messages delivered.
        Eventually.await(WAIT, Duration.ofMillis(500), () -> lastStatus(logs.get(0)), s -> s != null && talking(s),
                "all six members keyed, authenticated and receiving (" + logs.get(0) + ")");
        dump.destroy(); // SIGTERM: tcpdump flushes the file
        dump.waitFor();

        byte[] wire = Files.readAllBytes(pcap);
        Set<String> issued = new LinkedHashSet<>();
        for (String n : names) {
            Path f = dir.resolve("keys-" + n + ".txt");
            if (Files.exists(f)) {
                Files.readAllLines(f).stream().filter(l -> !l.isBlank()).forEach(issued::add);
            }
        }
        List<byte[]> keys = issued.stream().map(HexFormat.of()::parseHex).filter(k -> k.length >= 8).toList();
        List<String> found = new ArrayList<>();
        found.addAll(search(wire, keys, "raw", k -> k));
        found.addAll(search(wire, keys, "hex", k -> HexFormat.of().formatHex(k).getBytes(StandardCharsets.US_ASCII)));
        found.addAll(search(wire, keys, "HEX", k -> HexFormat.of().withUpperCase().formatHex(k).getBytes(StandardCharsets.US_ASCII)));
        return new Capture(keys.size(), wire.length, found, count(wire, "io.qmkdc".getBytes(StandardCharsets.US_ASCII)));
    }

    private static boolean talking(JsonNode s) {
        JsonNode members = s.path("members");
        if (members.size() != 6) {
            return false;
        }
        long delivered = 0;
        for (JsonNode m : members) {
            if (!m.path("authenticated").asBoolean() || m.path("epoch").asLong() < 1) {
                return false;
            }
            delivered += m.path("delivered").asLong();
        }
        return delivered >= 30;
    }

    /**
     * Every key whose encoding occurs in {@code wire}: one pass over the capture with a table of 8-byte prefixes, then
     * a full comparison where a prefix matches.
     */
    private static List<String> search(byte[] wire, List<byte[]> keys, String how, java.util.function.Function<byte[], byte[]> encode) {
        Map<Long, List<byte[]>> byPrefix = new HashMap<>();
        for (byte[] k : keys) {
            byte[] e = encode.apply(k);
            byPrefix.computeIfAbsent(prefix(e, 0), x -> new ArrayList<>()).add(e);
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i + 8 <= wire.length; i++) {
            List<byte[]> candidates = byPrefix.get(prefix(wire, i));
            if (candidates != null) {
                for (byte[] e : candidates) {
                    if (i + e.length <= wire.length && java.util.Arrays.equals(wire, i, i + e.length, e, 0, e.length)) {
                        out.add(how + " " + HexFormat.of().formatHex(e, 0, 4) + "… at " + i);
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static long prefix(byte[] b, int at) {
        long v = 0;
        for (int j = 0; j < 8; j++) {
            v = v << 8 | (b[at + j] & 0xff);
        }
        return v;
    }

    private static int count(byte[] wire, byte[] needle) {
        int n = 0;
        outer:
        for (int i = 0; i + needle.length <= wire.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (wire[i + j] != needle[j]) {
                    continue outer;
                }
            }
            n++;
        }
        return n;
    }

    private static JsonNode lastStatus(Path log) throws IOException {
        if (!Files.exists(log)) {
            return null;
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("QMKDC-STATUS ")) {
                try {
                    return JSON.readTree(lines.get(i).substring("QMKDC-STATUS ".length()));
                } catch (IOException partial) {
                    // the line being written
                }
            }
        }
        return null;
    }

    private void node(String name, PkiDir pki, String... args) throws IOException {
        Path dir = tmp.getRoot().toPath();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-D" + KeyAudit.FILE_PROPERTY + "=" + dir.resolve("keys-" + name + ".txt"),
                "-cp", System.getProperty("java.class.path"), "io.qmkdc.cli.Main", "node"));
        cmd.addAll(List.of(args));
        cmd.addAll(pki == null ? List.of("--insecure") : List.of("--pki", pki.dir().toString(), "--node-cert", name));
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("QMKDC_PKI");
        processes.add(pb.start());
        logs.add(log);
    }


}
