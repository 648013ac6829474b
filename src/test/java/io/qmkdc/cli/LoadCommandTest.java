package io.qmkdc.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

/** `load` refuses what it cannot do yet, and bad values, with one line and exit code 2. */
public class LoadCommandTest {
    private static String[] run(int expectedCode, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            String e = err.toString(StandardCharsets.UTF_8);
            assertEquals("exit code; stderr: " + e, expectedCode, code);
            return new String[] {out.toString(StandardCharsets.UTF_8), e};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static void usageError(String mentions, String... args) {
        String err = run(2, args)[1];
        assertTrue(err, err.startsWith("error: ") && err.contains(mentions));
        assertFalse(err, err.contains("\tat "));
        assertEquals(err, 1, err.strip().lines().count());
    }

    @Test
    public void clusterOptionsAreCheckedBeforeAnythingStarts() {
        usageError("--nodes", "load", "--nodes", "20");
        usageError("--connect", "load", "--connect", "http://127.0.0.1:8558");
        usageError("--kill", "load", "--kill", "member@10");
        usageError("--kill", "load", "--nodes", "3", "--kill", "bogus@3");
        usageError("--kill", "load", "--nodes", "3", "--kill", "member");
        usageError("--kill", "load", "--connect", "127.0.0.1:25520", "--kill", "kdc@3");
        usageError("--node-roles", "load", "--nodes", "3", "--node-roles", "kdc,member;member");
        usageError("--node-roles", "load", "--nodes", "2", "--node-roles", "member;member");
        usageError("--node-roles", "load", "--nodes", "2", "--node-roles", "kdc;wizard");
        usageError("--node-heap", "load", "--nodes", "2", "--node-heap", "lots");
        usageError("--hosts", "load", "--hosts", "1");
        usageError("--hosts", "load", "--hosts", "3", "--nodes", "3");
        usageError("--partition", "load", "--nodes", "3", "--partition", "kdc@10+5");
        usageError("--netem", "load", "--nodes", "3", "--netem", "loss 1%");
        usageError("--partition", "load", "--hosts", "3", "--partition", "wizard@10+5");
        usageError("--partition", "load", "--hosts", "3", "--partition", "kdc@10");
        usageError("--partition", "load", "--hosts", "3", "--partition", "kdc@10s+0s");
    }

    @Test
    public void theLoadScenarioIsWrittenForNodesStartedByHand() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("load", ".conf");
        try {
            run(0, "load", "--groups", "3", "--members", "10", "--write-scenario", file.toString());
            io.qmkdc.scenario.Scenario s = io.qmkdc.scenario.ScenarioLoader.load(file.toString());
            assertEquals(3, s.groups().size());
            assertEquals(10, s.groups().stream().mapToInt(g -> g.members().size()).sum());
            assertEquals(List.of("m0", "m3", "m6", "m9"), s.groups().get(0).members());
            assertEquals("per-group", s.keying());
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    public void rekeyAndChurnOptionsAreCheckedAndNamed() {
        usageError("--rekey", "load", "--keying", "per-member", "--rekey", "wizard");
        usageError("--rekey", "load", "--rekey", "lkh"); // per-group keying has no per-member rekey
        usageError("--degree", "load", "--keying", "per-member", "--rekey", "lkh", "--degree", "1");
        usageError("--degree", "load", "--keying", "per-member", "--rekey", "lkh", "--degree", "65");
        usageError("--degree", "load", "--keying", "per-member", "--degree", "4"); // star has no tree
        usageError("--rekey-batch", "load", "--keying", "per-member", "--rekey", "lkh", "--rekey-batch", "2m");
        usageError("--churn", "load", "--churn", "5"); // per-group
        usageError("--churn", "load", "--keying", "per-member", "--churn", "-1");
        usageError("--churn", "load", "--keying", "per-member", "--churn", "5", "--nodes", "3");
        usageError("--churn", "load", "--keying", "per-member", "--churn", "5", "--groups", "4", "--members", "8");
        usageError("--churn", "load", "--keying", "per-member", "--churn", "5", "--drop-fraction", "0.1");
    }

    /** Fault injection is a test fault of the driver's own one-node cluster: node JVMs never get it. */
    @Test
    public void faultInjectionIsOneJvmOnly() {
        usageError("--drop-fraction", "load", "--nodes", "3", "--drop-fraction", "0.1");
        usageError("--duplicate-fraction", "load", "--connect", "127.0.0.1:25520", "--duplicate-fraction", "0.1");
    }

    @Test
    public void theLoadScenarioCarriesTheRekeyPolicy() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("load", ".conf");
        try {
            run(0, "load", "--keying", "per-member", "--rekey", "lkh", "--degree", "2", "--rekey-batch", "250ms",
                    "--groups", "2", "--members", "8", "--write-scenario", file.toString());
            io.qmkdc.scenario.Scenario s = io.qmkdc.scenario.ScenarioLoader.load(file.toString());
            assertEquals(new io.qmkdc.gkm.RekeyPolicy("lkh", 2, 250), s.rekey());
            assertEquals("per-member", s.keying());
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    public void badValuesAreNamed() {
        usageError("--members", "load", "--groups", "20", "--members", "5");
        usageError("--duration", "load", "--duration", "soon");
        usageError("--intra-fraction", "load", "--intra-fraction", "1.5");
        usageError("--keying", "load", "--keying", "per-bus");
    }

    @Test
    public void perMemberKeyingReachesTheLoadScenario() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("load", ".conf");
        try {
            run(0, "load", "--groups", "2", "--members", "4", "--keying", "per-member", "--write-scenario",
                    file.toString());
            assertEquals("per-member", io.qmkdc.scenario.ScenarioLoader.load(file.toString()).keying());
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
