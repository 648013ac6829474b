package io.qmkdc.metrics;

import org.junit.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.Assert.*;

/**
 * Kanela attached at runtime by {@link Metrics#start} under this JDK, checked in a child JVM (the agent would
 * otherwise instrument every Akka test sharing Surefire's JVM): actors are counted per group from
 * qmkdc-kamon.conf ("members" = sharded entities of type Member, "groups" = /user/group-*), and no series
 * exists per actor.
 */
public class KanelaAttachTest {
    private static final int ENTITIES = 20;

    @Test
    public void akkaActorsAreMeasuredPerGroupNotPerMember() throws Exception {
        Path out = Files.createTempFile("kanela-probe", ".out");
        Path err = Files.createTempFile("kanela-probe", ".err");
        try {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"),
                    KanelaAttachProbe.class.getName(), String.valueOf(ENTITIES), "true"));
            Process probe = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            // A bound on how long we wait for a hung child, not a timing assertion.
            if (!probe.waitFor(120, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                fail("probe JVM did not finish; stderr:\n" + Files.readString(err));
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            assertEquals("stderr:\n" + Files.readString(err), 0, probe.exitValue());
            String text = stdout.substring(stdout.indexOf("--- scrape ---"), stdout.indexOf("--- end ---"));

            assertEquals(ENTITIES * KanelaAttachProbe.ROUNDS, MetricsTest.value(text,
                    "akka_group_processing_time_seconds_count{group=\"members\",system=\"qmkdc\"}"), 0);
            assertEquals(KanelaAttachProbe.GROUPS, MetricsTest.value(text,
                    "akka_group_processing_time_seconds_count{group=\"groups\",system=\"qmkdc\"}"), 0);
            for (String line : text.split("\n")) {
                assertFalse("a series per actor: " + line, line.startsWith("akka_actor_"));
                assertFalse("an entity id in a label: " + line, line.matches(".*\"[^\"]*\\bm1[0-9]?\".*"));
            }
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

}
