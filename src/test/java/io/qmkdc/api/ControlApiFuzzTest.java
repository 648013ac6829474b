package io.qmkdc.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.http.javadsl.ServerBinding;
import com.typesafe.config.ConfigFactory;
import io.qmkdc.cli.Profiles;
import io.qmkdc.scenario.ScenarioLoader;
import io.qmkdc.testing.Eventually;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@value #REQUESTS} seeded malformed requests ({@link ControlApiFuzz}) at the control API of {@code serve}'s
 * embedded deployment in this JVM, and at a {@code node} JVM's ({@code --http-port}, one node holding every role and
 * the KDC singleton): none gets a 5xx or goes unanswered, every refusal is JSON with a {@code message}, and
 * {@code GET /status} answers afterwards (the node runs {@code --insecure}: raw sockets speak plain HTTP; over TLS
 * the same routes and handlers answer). Before the nesting scan, the first request of 5,000 nested {@code [} made
 * the HOCON parser overflow its stack and the JVM exit. A few thousand requests on fresh connections take seconds.
 */
public class ControlApiFuzzTest {
    private static final int REQUESTS = 2000;
    private static final List<Integer> REFUSALS = List.of(400, 404, 405, 413, 414, 415, 431);
    private static final String SCENARIO = """
            scenario {
              name = fuzz
              profile = gys
              auth { mode = hardened, rounds = 16, check-fraction = 0.25, tolerance = 0.0 }
              link { target-detections = 100000, round-timeout-ms = 10000, retry-delay-ms = 1000 }
              groups = [ { id = g1, link-km = 10, sensitivity = NORMAL, members = [a1, a2] } ]
              steps = [ { do = initialize } ]
            }
            """;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    public void theEmbeddedPlaneAnswersEveryMalformedRequestAndStaysUp() throws Exception {
        try (EmbeddedControlPlane plane = EmbeddedControlPlane.start(ScenarioLoader.parse(SCENARIO, "fuzz"),
                Profiles::load, 3, ConfigFactory.parseString("akka.loglevel = ERROR\nakka.remote.artery.canonical.port = 0"),
                new EmbeddedControlPlane.Activity(Duration.ZERO, Duration.ZERO))) {
            ServerBinding b = ApiServer.start(plane.system(), plane, "127.0.0.1", 0);
            fuzz(new InetSocketAddress("127.0.0.1", b.localAddress().getPort()), 16);
        }
    }

    @Test
    public void aNodeJvmAnswersEveryMalformedRequestAndStaysUp() throws Exception {
        int[] ports = freePorts(2);
        Path log = tmp.getRoot().toPath().resolve("node.log");
        Process node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.qmkdc.cli.Main", "node", "--roles", "kdc,channel,group,member", "--port", "" + ports[0],
                "--seed-nodes", "127.0.0.1:" + ports[0], "--min-nodes", "1", "--http-port", "" + ports[1], "--insecure")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            URI status = URI.create("http://127.0.0.1:" + ports[1] + "/status");
            Eventually.await(Duration.ofSeconds(60), Duration.ofMillis(300), () -> get(status),
                    r -> r == 200, "the node's API answers /status");
            fuzz(new InetSocketAddress("127.0.0.1", ports[1]), 17);
            assertTrue("the node JVM exited: " + Files.readString(log), node.isAlive());
        } finally {
            node.destroyForcibly().waitFor();
        }
    }

    private void fuzz(InetSocketAddress api, long seed) throws Exception {
        ControlApiFuzz.Result result = ControlApiFuzz.run(api, seed, REQUESTS);
        List<ControlApiFuzz.Failure> failures = result.failures();
        assertTrue(failures.size() + " of " + REQUESTS + " broke the promise, e.g. "
                + failures.subList(0, Math.min(10, failures.size())), failures.isEmpty());
        // The requests reach every kind of refusal, the HTTP parser's (414, 431) and the routes' (400 ... 415).
        assertTrue(result.statuses().toString(), result.statuses().keySet().containsAll(REFUSALS));
        System.out.println("fuzz " + api + ": statuses " + result.statuses());
        assertEquals(200, get(URI.create("http://" + api.getHostString() + ":" + api.getPort() + "/status")));
    }

    private int get(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int[] freePorts(int n) throws IOException {
        int[] out = new int[n];
        ServerSocket[] held = new ServerSocket[n];
        try {
            for (int i = 0; i < n; i++) {
                held[i] = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                out[i] = held[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return out;
    }
}
