package io.qmkdc.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

/** Bad input: one line naming the parameter, exit code 2, never a stack trace. */
public class CommandLineInputTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static void assertUsageError(Run r, String mentions) {
        assertEquals("exit code for bad input; stderr was: " + r.err(), 2, r.code());
        assertTrue("message should mention '" + mentions + "': " + r.err(), r.err().contains(mentions));
        assertFalse("no stack trace: " + r.err(), r.err().contains("Exception") || r.err().contains("\tat "));
        assertTrue("starts with error:", r.err().startsWith("error: "));
        assertEquals("exactly one line: " + r.err(), 1, r.err().strip().lines().count());
    }

    @Test
    public void nodeManagementOptionsAreChecked() {
        assertUsageError(run("node", "--discovery", "config"), "--discovery: Cluster Bootstrap needs --management-port");
        assertUsageError(run("node", "--management-port", "70000"), "--management-port: 70000 is not a port");
        assertUsageError(run("node", "--management-port", "7626", "--discovery", "zookeeper"), "--discovery: unknown method 'zookeeper'");
        assertUsageError(run("node", "--management-port", "7626", "--discovery", "config"), "--contact-points: --discovery config needs");
        assertUsageError(run("node", "--management-port", "7626", "--discovery", "config", "--contact-points", "a:1,b"),
                "--contact-points: 'b' is not HOST:PORT");
        assertUsageError(run("node", "--management-port", "7626", "--discovery", "kubernetes-api", "--required-contact-points", "0"),
                "--required-contact-points: 0 is not at least 1");
        assertUsageError(run("node", "--management-port", "7626", "--discovery", "akka-dns", "--service-name", "Q_MKDC"),
                "--service-name: 'Q_MKDC' is not a DNS label");
    }

    @Test
    public void unknownProfileIsNamed() {
        assertUsageError(run("link", "--profile", "nosuch", "--distance", "50"), "nosuch");
    }

    @Test
    public void negativeDistanceIsOutOfRange() {
        assertUsageError(run("keyrate", "--distance", "-5"), "[0, 1000]");
        assertUsageError(run("link", "--distance", "-5", "--pulses", "1e6"), "--distance");
    }

    @Test
    public void pulsesMustBeANumber() {
        assertUsageError(run("link", "--pulses", "abc"), "--pulses");
        assertUsageError(run("link", "--pulses", "0.5"), "[1, 1e13]");
    }

    @Test
    public void fractionMustBeAProbability() {
        assertUsageError(run("link", "--eve", "intercept-resend", "--fraction", "1.5", "--pulses", "1e6"), "[0, 1]");
    }

    @Test
    public void unknownEavesdropperAndDecoyModeAreListed() {
        assertUsageError(run("link", "--eve", "alien", "--pulses", "1e6"), "intercept-resend");
        assertUsageError(run("keyrate", "--decoy", "two"), "vacuum+weak");
    }

    @Test
    public void malformedProfileFileNamesTheFile() throws Exception {
        Path bad = Files.createTempFile("bad-profile", ".conf");
        Files.writeString(bad, "profile { name = x\n fiber-loss-db-per-km = [ \n");
        assertUsageError(run("keyrate", "--profile", bad.toString()), bad.toString());
        Files.delete(bad);
    }

    @Test
    public void outOfRangeProfileValueNamesKeyAndRange() throws Exception {
        Path bad = Files.createTempFile("range-profile", ".conf");
        String gys = new String(getClass().getClassLoader().getResourceAsStream("conf/profiles/gys.conf").readAllBytes(),
                StandardCharsets.UTF_8);
        Files.writeString(bad, gys.replace("misalignment-error = 0.033", "misalignment-error = 0.7"));
        Run r = run("keyrate", "--profile", bad.toString());
        assertUsageError(r, "misalignment-error");
        assertTrue(r.err(), r.err().contains("[0, 0.5]"));
        Files.delete(bad);
    }

    @Test
    public void keyrateWritesTheDocumentedJsonFields() throws Exception {
        Run r = run("keyrate", "--profile", "gys", "--distance", "50", "--json", "-");
        assertEquals(r.err(), 0, r.code());
        var json = Output.json().readTree(r.out());
        assertTrue(json.has("repetitionRateHz"));
        assertTrue(json.get("cutoffKm").asDouble() > 140 && json.get("cutoffKm").asDouble() < 145);
        var point = json.get("points").get(0);
        for (String field : new String[] {"distanceKm", "mu", "nu", "gain", "qber", "y1Lower", "e1Upper",
                "siftedPerPulse", "siftedBitsPerSecond", "securePerPulse", "secureBitsPerSecond", "plobPerPulse"}) {
            assertTrue("field " + field, point.has(field));
        }
    }

    @Test
    public void distanceSweepHasOnePointPerStep() throws Exception {
        Run r = run("keyrate", "--distance", "0:150:5", "--decoy", "vacuum+weak", "--json", "-");
        assertEquals(r.err(), 0, r.code());
        assertEquals(31, Output.json().readTree(r.out()).get("points").size());
    }
}
