package io.qmkdc.cluster;

import io.qmkdc.testing.NodeProcesses;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Who may join a TLS cluster, across real JVMs: a seed node of the cluster CA runs; a {@code node} whose PKI is another
 * CA's cannot join and exits 1 with one line saying why; an intruder that trusts the cluster CA but presents a node
 * certificate of another CA, then one that presents an expired certificate of the cluster CA, is refused by the seed,
 * which logs each refusal in one line naming the certificate; a node of the cluster CA joins (the control case).
 */
public class TlsJoinSystemTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<Process> processes = new ArrayList<>();

    @After
    public void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    @Test
    public void onlyValidCertificatesOfTheClusterCaJoin() throws Exception {
        Path dir = tmp.getRoot().toPath();
        PkiDir pki = TestPki.init(dir.resolve("pki"));
        TestPki.issue(pki, CertRole.NODE, "seed", "127.0.0.1");
        TestPki.issue(pki, CertRole.NODE, "friend", "127.0.0.1");
        TestPki.issueExpired(pki, CertRole.NODE, "old", "127.0.0.1");
        PkiDir foreign = TestPki.init(dir.resolve("foreign"));
        TestPki.issue(foreign, CertRole.NODE, "stranger", "127.0.0.1");
        PkiDir intruder = TestPki.init(dir.resolve("intruder"));
        Files.delete(intruder.caCert());
        Files.copy(pki.caCert(), intruder.caCert());
        for (String f : List.of("stranger.crt", "stranger.key")) {
            Files.copy(foreign.dir().resolve(f), intruder.dir().resolve(f));
        }
        for (String f : List.of("old.crt", "old.key")) {
            Files.copy(pki.dir().resolve(f), intruder.dir().resolve(f));
        }
        int[] ports = NodeProcesses.freePorts(5);
        String seed = "127.0.0.1:" + ports[0];
        Path seedLog = dir.resolve("seed.log");
        start(seedLog, "io.qmkdc.cli.Main", "node", "--roles", "member", "--port", "" + ports[0], "--seed-nodes", seed,
                "--pki", pki.dir().toString(), "--node-cert", "seed");
        await(seedLog, "qmkdc node up: qmkdc@" + seed);

        Path strangerLog = dir.resolve("stranger.log");
        Process stranger = start(strangerLog, "io.qmkdc.cli.Main", "node", "--roles", "member", "--port", "" + ports[1],
                "--seed-nodes", seed, "--pki", foreign.dir().toString(), "--node-cert", "stranger");
        assertTrue("the stranger node exits", stranger.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        String out = Files.readString(strangerLog, StandardCharsets.ISO_8859_1);
        assertEquals(out, 1, stranger.exitValue());
        assertTrue(out, out.contains("error: could not join the cluster at " + seed));

        Process foreignCert = start(dir.resolve("intruder-1.log"), IntruderNode.class.getName(), intruder.dir().toString(),
                "stranger", "" + ports[2], seed);
        await(seedLog, "refused TLS peer", "CN=stranger");
        Process expired = start(dir.resolve("intruder-2.log"), IntruderNode.class.getName(), intruder.dir().toString(),
                "old", "" + ports[3], seed);
        await(seedLog, "refused TLS peer", "CN=old");
        for (Process p : List.of(foreignCert, expired)) {
            assertTrue("an intruder gives up", p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        String seedText = Files.readString(seedLog, StandardCharsets.ISO_8859_1);
        assertFalse("an intruder became a member: " + seedText, seedText.contains("Member is Up")
                && (seedText.contains(":" + ports[2]) || seedText.contains(":" + ports[3])));

        // The control case: a node certificate of the cluster CA joins the same seed.
        Path friendLog = dir.resolve("friend.log");
        start(friendLog, "io.qmkdc.cli.Main", "node", "--roles", "member", "--port", "" + ports[4], "--seed-nodes", seed,
                "--pki", pki.dir().toString(), "--node-cert", "friend");
        await(friendLog, "qmkdc node up: qmkdc@127.0.0.1:" + ports[4]);
    }

    private Process start(Path log, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dakka.cluster.shutdown-after-unsuccessful-join-seed-nodes=10s",
                "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("QMKDC_PKI");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** Waits for a line of {@code log} holding every one of {@code parts}. */
    private static void await(Path log, String... parts) {
        Eventually.await(WAIT, Duration.ofMillis(300), () -> Files.exists(log)
                ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.<String>of(),
                lines -> lines.stream().anyMatch(l -> List.of(parts).stream().allMatch(l::contains)),
                String.join(" ", parts) + " in " + log);
    }

}
