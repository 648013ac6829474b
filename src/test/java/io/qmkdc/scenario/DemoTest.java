package io.qmkdc.scenario;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.qmkdc.actor.KeyAudit;
import io.qmkdc.cli.Main;
import io.qmkdc.cli.Output;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.BeforeClass;
import org.junit.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code deploy/qmkdc demo} end to end, in process: what the scenario must show happened, its JSON
 * agrees with its printed summary, and no key it issued appears in its output or logs.
 */
public class DemoTest {
    private static String printed;
    private static String errors;
    private static String logs;
    private static JsonNode json;
    private static int exit;

    @BeforeClass
    public static void runDemo() throws Exception {
        KeyAudit.enable();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        ((Logger) LoggerFactory.getLogger("io.qmkdc")).setLevel(Level.DEBUG);
        ((Logger) LoggerFactory.getLogger("akka")).setLevel(Level.DEBUG);
        Path jsonFile = Files.createTempFile("demo", ".json");
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            exit = Main.execute("demo", "--seed", "7", "--json", jsonFile.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
            root.detachAppender(captured);
        }
        printed = o.toString(StandardCharsets.UTF_8);
        errors = e.toString(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        for (ILoggingEvent ev : captured.list) {
            sb.append(ev.getFormattedMessage()).append('\n');
            if (ev.getThrowableProxy() != null) {
                sb.append(ev.getThrowableProxy().getMessage()).append('\n');
            }
        }
        logs = sb.toString();
        json = Output.json().readTree(Files.readString(jsonFile));
    }

    @Test
    public void theScenarioHappenedAsDescribed() {
        assertEquals(errors, 0, exit);
        assertEquals(3, json.get("groups").size());
        for (JsonNode g : json.get("groups")) {
            assertEquals(g.toString(), 4, g.get("members").size());
            assertTrue(g.toString(), g.get("privateKeyBits").asLong() > 0);
        }
        JsonNode g2 = json.get("groups").get(1);
        assertTrue("g2 aborted under intercept-resend", g2.get("aborted").asBoolean());
        assertEquals("g2 re-keyed", 1, g2.get("groupKeyEpoch").asLong());
        for (JsonNode a : json.get("auth")) {
            assertEquals(a.toString(), !a.get("member").asText().equals("x1"), a.get("passed").asBoolean());
        }
        JsonNode m = json.get("messages");
        assertEquals(4, m.get("intraSent").asInt());
        assertEquals("every same-group message reached the 3 other members", 12, m.get("intraDelivered").asInt());
        assertEquals(2, m.get("relaySent").asInt());
        assertEquals("every relayed message reached the 4 target members", 8, m.get("relayDelivered").asInt());
        JsonNode ir = json.get("attacks").get(1);
        assertEquals("intercept-resend", ir.get("type").asText());
        assertTrue(ir.get("detected").asBoolean());
        // Full intercept-resend: QBER ≈ 25 % + e_d; the sample of a few thousand bits has σ ≈ 1 %.
        assertTrue(ir.toString(), ir.get("qberDuring").asDouble() > 0.2);
        assertTrue(json.get("attacks").get(0).get("detected").asBoolean());
    }

    @Test
    public void theJsonAgreesWithThePrintedSummary() {
        for (JsonNode g : json.get("groups")) {
            String row = row("summary: groups", g.get("id").asText());
            List<String> cells = cells(row);
            assertEquals(row, g.get("id").asText(), cells.get(0));
            List<String> members = new java.util.ArrayList<>();
            g.get("members").forEach(x -> members.add(x.asText()));
            assertEquals(row, String.join(" ", members), cells.get(1));
            assertEquals(row, String.format(Locale.ROOT, "%.0f", g.get("linkKm").asDouble()), cells.get(2));
            assertEquals(row, String.format(Locale.ROOT, "%.4f", g.get("qber").asDouble()), cells.get(3));
            assertEquals(row, g.get("aborted").asBoolean(), cells.get(4).startsWith("yes"));
            assertEquals(row, g.get("privateKeyBits").asText(), cells.get(5));
            assertEquals(row, g.get("groupKeyEpoch").asText(), cells.get(6));
        }
        for (JsonNode a : json.get("auth")) {
            List<String> cells = cells(row("summary: authentication", a.get("member").asText()));
            assertEquals(a.get("passed").asBoolean() ? "yes" : "NO", cells.get(2));
            assertEquals(a.get("failedRounds").asText(), cells.get(4));
        }
        JsonNode m = json.get("messages");
        List<String> cells = cells(printed.lines().dropWhile(l -> !l.equals("summary: messages")).skip(3).findFirst()
                .orElseThrow());
        assertEquals(List.of(m.get("intraSent").asText(), m.get("intraDelivered").asText(), m.get("relaySent").asText(),
                m.get("relayDelivered").asText(), m.get("rejected").asText()), cells);
        assertEquals("the JSON carries the same account", json.get("account").size(),
                printed.lines().filter(l -> l.startsWith("[")).count());
    }

    @Test
    public void noIssuedKeyAppearsInTheOutputOrTheLogs() {
        List<byte[]> keys = KeyAudit.issued();
        assertTrue("the demo issued K_c, P_k and G_k: " + keys.size(), keys.size() >= 13 + 3 + 3);
        assertFalse("logs were captured", logs.isEmpty());
        String all = (printed + errors + logs).toLowerCase(Locale.ROOT);
        String raw = printed + errors + logs;
        for (byte[] k : keys) {
            String hex = HexFormat.of().formatHex(k);
            assertFalse("hex of an issued key in the output", all.contains(hex));
            assertFalse("base64 of an issued key in the output", raw.contains(Base64.getEncoder().encodeToString(k)));
            assertFalse("url-safe base64 of an issued key in the output",
                    raw.contains(Base64.getUrlEncoder().withoutPadding().encodeToString(k)));
        }
    }

    private static String row(String table, String first) {
        return printed.lines().dropWhile(l -> !l.equals(table)).skip(3).takeWhile(l -> !l.isBlank())
                .filter(l -> cells(l).get(0).equals(first)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + first + " in " + table + ":\n" + printed));
    }

    private static List<String> cells(String line) {
        return List.of(line.trim().split(" {2,}"));
    }
}
