package io.qmkdc.api;

import io.qmkdc.testing.Eventually;

import static org.junit.Assert.*;

import akka.http.javadsl.ServerBinding;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.qmkdc.cli.Profiles;
import io.qmkdc.metrics.MetricNames;
import io.qmkdc.metrics.Metrics;
import io.qmkdc.scenario.ScenarioLoader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The control API over real HTTP on an embedded deployment with traffic and re-keying running: an intercept-resend
 * attack attached through {@code POST /attacks} makes its link abort ({@code GET /status}) and its QBER gauge on the
 * Prometheus endpoint rise above 0.2, while the untouched link stays below; detaching, bad requests and unknown ids
 * answer as documented. Waits poll with deadlines (nothing asserts on time).
 */
public class ControlApiTest {
    /** Two groups of two members at 10 and 25 km; the demo's link settings, a slower retry to spare the CPU. */
    static final String SCENARIO = """
            scenario {
              name = api-test
              profile = gys
              auth { mode = hardened, rounds = 16, check-fraction = 0.25, tolerance = 0.0 }
              link { target-detections = 300000, round-timeout-ms = 10000, retry-delay-ms = 1000 }
              groups = [
                { id = g1, link-km = 10, sensitivity = NORMAL, members = [a1, a2] }
                { id = g2, link-km = 25, sensitivity = NORMAL, members = [b1, b2] }
              ]
              steps = [ { do = initialize } ]
            }
            """;
    /** How long we are willing to wait for each asynchronous outcome (not asserted). */
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Not {@code TestClusterConfig} (serialize-messages on): a posted scenario runs in a second ActorSystem of this
     * JVM, and Akka's serialization check resolves actor refs against the wrong one of the two.
     */
    private static final Config QUIET = ConfigFactory.parseString("akka.loglevel = WARNING\nakka.remote.artery.canonical.port = 0");

    private static NodeControlPlane plane;
    private static URI api;
    private static InetSocketAddress metrics;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeClass
    public static void start() {
        // Fast Kamon ticks; no agent, so the other Akka tests of this JVM stay uninstrumented.
        Config kamon = ConfigFactory.parseString("kamon.metric.tick-interval = 500 ms\nkamon.init.attach-instrumentation = no");
        metrics = Metrics.start("127.0.0.1", 0, kamon);
        plane = NodeControlPlane.serve(ScenarioLoader.parse(SCENARIO, "test"), Profiles::load, 11,
                QUIET, new NodeControlPlane.Activity(Duration.ofMillis(200), Duration.ofSeconds(2)));
        ServerBinding b = ApiServer.start(plane.system(), plane, "127.0.0.1", 0);
        api = URI.create("http://127.0.0.1:" + b.localAddress().getPort());
    }

    @AfterClass
    public static void stop() {
        if (plane != null) {
            plane.close();
        }
        Metrics.stop();
    }

    @Test
    public void interceptResendThroughTheApiAbortsTheLinkAndRaisesItsQberMetric() throws Exception {
        // Both links keyed first, so the abort below is the attack's.
        JsonNode keyed = pollStatus(s -> link(s, "g1").hasNonNull("qber") && link(s, "g2").hasNonNull("qber"),
                "both links keyed");
        int abortsBefore = link(keyed, "g2").path("aborts").asInt();

        HttpResponse<String> r = send("POST", "/attacks", "{\"type\":\"intercept-resend\",\"link\":\"g2\",\"fraction\":1.0}");
        assertEquals(r.body(), 201, r.statusCode());
        String id = JSON.readTree(r.body()).path("id").asText();
        assertTrue(r.body(), id.matches("[A-Za-z0-9_-]+"));
        JsonNode listed = JSON.readTree(send("GET", "/attacks", null).body()).path("attacks");
        assertEquals(1, listed.size());
        assertEquals(id, listed.get(0).path("id").asText());
        assertEquals("g2", listed.get(0).path("target").asText());

        JsonNode aborted = pollStatus(s -> link(s, "g2").path("aborts").asInt() > abortsBefore, "an abort of g2");
        JsonNode g2 = link(aborted, "g2");
        assertTrue(g2.toString(), g2.path("compromised").asBoolean());
        assertTrue(g2.toString(), g2.path("lastAbort").asText().startsWith("QBER"));
        // Full intercept-resend: QBER about 25 % (e_d and dark counts add a little), far above P_o = 11 %.
        assertTrue(g2.toString(), g2.path("abortQber").asDouble() > 0.2);
        assertEquals(1, aborted.path("attacks").size());

        String gauge = MetricNames.PROM_LINK_QBER + "{link=\"g2\"}";
        String text = scrapeUntil(s -> value(s, gauge) > 0.2, gauge + " > 0.2");
        assertTrue(text, value(text, gauge) < 0.5);
        assertTrue(text, value(text, MetricNames.PROM_LINK_QBER + "{link=\"g1\"}") < 0.11);
        assertTrue(text, value(text, MetricNames.PROM_LINK_ABORTS + "{link=\"g2\",reason=\"qber_threshold\"}") >= 1
                || value(text, MetricNames.PROM_LINK_ABORTS + "{reason=\"qber_threshold\",link=\"g2\"}") >= 1);
        // A per-JVM gauge: other test classes of this JVM may have left taps of their own attached.
        String active = MetricNames.PROM_ATTACKS_ACTIVE + "{type=\"intercept-resend\"}";
        double activeWith = value(text, active);
        assertTrue(text, activeWith >= 1);

        HttpResponse<String> gone = send("DELETE", "/attacks/" + id, null);
        assertEquals(gone.body(), 204, gone.statusCode());
        assertEquals(0, JSON.readTree(send("GET", "/attacks", null).body()).path("attacks").size());
        HttpResponse<String> again = send("DELETE", "/attacks/" + id, null);
        assertEquals(404, again.statusCode());
        assertTrue(again.body(), message(again).contains(id));

        scrapeUntil(s -> value(s, active) == activeWith - 1, active + " back to " + (activeWith - 1));
        // Eve gone: the retries key g2 again.
        pollStatus(s -> !link(s, "g2").path("compromised").asBoolean(), "g2 keyed again after the detach");
    }

    @Test
    public void badRequestsAre400NamingTheField() throws Exception {
        assertBad("POST", "/attacks", "{\"type\":\"teleport\",\"link\":\"g2\"}", 400, "type: ");
        assertBad("POST", "/attacks", "{\"type\":\"intercept-resend\",\"link\":\"g2\",\"fraction\":1.5}", 400, "fraction: ");
        assertBad("POST", "/attacks", "{\"type\":\"intercept-resend\",\"link\":\"g7\"}", 400, "link: ");
        assertBad("POST", "/attacks", "{\"type\":\"impostor\",\"member\":\"nobody\"}", 400, "member: ");
        assertBad("POST", "/attacks", "{\"type\":", 400, "body: ");
        assertBad("POST", "/attacks", "{\"type\":\"pns\",\"link\":\"g2\",\"x\":1}", 400, "x: ");
        assertBad("POST", "/attacks", "{\"type\":\"pns\",\"link\":\"" + "g".repeat(5000) + "\"}", 413, "body: ");
        assertBad("DELETE", "/attacks/no-such-attack", null, 404, "id: ");
        assertBad("DELETE", "/attacks/a.b", null, 400, "id: ");
        assertBad("GET", "/scenarios/s999", null, 404, "id: ");
        assertBad("GET", "/nowhere", null, 404, "path: ");
        HttpResponse<String> wrongMethod = send("PUT", "/status", "{}");
        assertEquals(405, wrongMethod.statusCode());
        assertFalse(message(wrongMethod).isEmpty());
        HttpResponse<String> scenario = send("POST", "/scenarios",
                "scenario { name = bad, groups = [ { id = g1, link-km = -5, members = [a1, a1] } ], steps = [] }");
        assertEquals(scenario.body(), 400, scenario.statusCode());
        JsonNode problems = JSON.readTree(scenario.body()).path("problems");
        assertTrue(scenario.body(), problems.size() >= 2);
        assertTrue(scenario.body(), scenario.body().contains("scenario.groups[0].link-km"));
        assertTrue(scenario.body(), scenario.body().contains("scenario.groups[0].members"));
    }

    @Test
    public void postedScenarioRunsToTheEnd() throws Exception {
        String small = SCENARIO.replace("name = api-test", "name = posted")
                .replace("{ id = g2, link-km = 25, sensitivity = NORMAL, members = [b1, b2] }", "")
                .replace("steps = [ { do = initialize } ]",
                        "steps = [ { do = initialize }, { do = send, from = a1, text = \"hello over the API\" } ]");
        HttpResponse<String> r = send("POST", "/scenarios", small);
        assertEquals(r.body(), 202, r.statusCode());
        String id = JSON.readTree(r.body()).path("id").asText();
        JsonNode run = Eventually.await(WAIT, Duration.ofMillis(200),
                () -> JSON.readTree(send("GET", "/scenarios/" + id, null).body()),
                n -> !n.path("state").asText().matches("queued|running"), "the posted scenario to finish");
        assertEquals(run.toString(), "done", run.path("state").asText());
        assertTrue(run.toString(), run.path("account").toString().contains("delivered to 1 of 1 members"));
    }

    @Test
    public void cliExitCodes() throws Exception {
        String url = api.toString();
        assertEquals(0, io.qmkdc.cli.Main.execute("attack", "--connect", url, "list"));
        assertEquals(2, io.qmkdc.cli.Main.execute("attack", "--connect", url, "attach", "intercept-resend", "--link", "g2",
                "--fraction", "1.5"));
        assertEquals(2, io.qmkdc.cli.Main.execute("attack", "--connect", url, "attach", "teleport", "--link", "g2"));
        assertEquals(2, io.qmkdc.cli.Main.execute("attack", "--connect", url, "detach", "no-such-attack"));
        assertEquals(2, io.qmkdc.cli.Main.execute("attack", "--connect", "127.0.0.1:1", "list"));
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertEquals(1, io.qmkdc.cli.Main.execute("attack", "--connect", "http://127.0.0.1:" + closed, "list"));
    }

    // --- helpers ---

    private static void assertBad(String method, String path, String body, int status, String prefix) throws Exception {
        HttpResponse<String> r = send(method, path, body);
        assertEquals(method + " " + path + ": " + r.body(), status, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse(""), r.headers().firstValue("Content-Type")
                .orElse("").startsWith("application/json"));
        assertTrue(method + " " + path + ": " + r.body(), message(r).startsWith(prefix));
    }

    private static String message(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).path("message").asText();
    }

    private static JsonNode link(JsonNode status, String id) {
        for (JsonNode l : status.path("links")) {
            if (l.path("id").asText().equals(id)) {
                return l;
            }
        }
        throw new AssertionError("no link " + id + " in " + status);
    }

    private static JsonNode pollStatus(Predicate<JsonNode> ok, String what) {
        return Eventually.await(WAIT, Duration.ofMillis(200), () -> JSON.readTree(send("GET", "/status", null).body()),
                ok, what + " in GET /status");
    }

    private static String scrapeUntil(Predicate<String> ok, String what) {
        return Eventually.await(WAIT, Duration.ofMillis(200), () -> http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metrics.getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body(), ok, what + " on the Prometheus endpoint");
    }

    /** The sample value of the series {@code key} (name and labels exactly), or -1 when absent. */
    private static double value(String text, String key) {
        for (String line : text.split("\n")) {
            if (line.startsWith(key + " ")) {
                return Double.parseDouble(line.substring(key.length() + 1).trim());
            }
        }
        return -1;
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(20));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
