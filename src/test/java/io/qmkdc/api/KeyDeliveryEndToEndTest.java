package io.qmkdc.api;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import akka.http.javadsl.ServerBinding;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.qmkdc.cli.Profiles;
import io.qmkdc.actor.link.DeliveryTap;
import io.qmkdc.kme.DeliveryPools;
import io.qmkdc.kme.KeyStore;
import io.qmkdc.kme.KmeLimits;
import io.qmkdc.pki.CertRole;
import io.qmkdc.pki.PkiDir;
import io.qmkdc.pki.TlsContexts;
import io.qmkdc.scenario.ScenarioLoader;
import io.qmkdc.testing.Eventually;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * ETSI 014 end to end: an embedded deployment whose links run BB84, the endpoint over mutual TLS 1.3 with real
 * certificates of the project's PKI ({@code io.qmkdc.pki}: a CA, the server's node certificate, SAE certificates). Master a1 (g1) and slaves a2 (g1), b1, b2 (g2, TOP_SECRET: one-time-pad
 * hops) fetch byte-identical keys, each once; a3 (a non-recipient) and a second fetch get 401; a certificate of
 * another CA gets no HTTP at all. Then an intercept-resend attack on g2's link freezes g2's key supply while g1's
 * keeps growing. The deployment is {@code serve}'s: {@link NodeControlPlane#serve} with {@link KeyDelivery#config()}.
 * Waits poll with deadlines.
 */
public class KeyDeliveryEndToEndTest {
    private static final String SCENARIO = """
            scenario {
              name = kme-e2e
              profile = gys
              auth { mode = hardened, rounds = 16, check-fraction = 0.25, tolerance = 0.0 }
              link { target-detections = 300000, round-timeout-ms = 10000, retry-delay-ms = 1000 }
              groups = [
                { id = g1, link-km = 10, sensitivity = NORMAL, members = [a1, a2, a3, a4] }
                { id = g2, link-km = 25, sensitivity = TOP_SECRET, members = [b1, b2] }
              ]
              steps = [ { do = initialize } ]
            }
            """;
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final Config QUIET = ConfigFactory.parseString("akka.loglevel = WARNING\nakka.remote.artery.canonical.port = 0");
    private static final Path PKI = Path.of("target/kme-e2e/pki");
    private static final Path FOREIGN = Path.of("target/kme-e2e/foreign");

    private static DeliveryPools pools;
    private static NodeControlPlane plane;
    private static URI base;
    private static URI laxBase;
    private static final Map<String, HttpClient> clients = new HashMap<>();

    @BeforeClass
    public static void start() throws Exception {
        PkiDir pki = pki(PKI, "a1", "a2", "a3", "b1", "b2");
        pki(FOREIGN, "a1");
        // a4 is a member but holds an operator certificate of the same CA: not an SAE certificate.
        assertTrue(pki.issue(CertRole.OPERATOR, "a4", List.of(), Duration.ofDays(1), new SecureRandom()) instanceof PkiDir.Written.Ok);
        plane = NodeControlPlane.serve(ScenarioLoader.parse(SCENARIO, "test"), Profiles::load, 5,
                QUIET.withFallback(KeyDelivery.config()), new NodeControlPlane.Activity(Duration.ZERO, Duration.ofSeconds(2)));
        KeyStore store = KeyDelivery.store(plane.system(), ScenarioLoader.parse(SCENARIO, "test"), KmeLimits.standard());
        pools = DeliveryTap.of(plane.system()).pools().orElseThrow();
        ServerBinding b = KeyDelivery.serve(plane.system(), store, "127.0.0.1", 0, KeyDelivery.https(pki, "node"));
        base = URI.create("https://127.0.0.1:" + b.localAddress().getPort());
        // The same store behind a listener that also accepts operator certificates: the insecure configuration.
        ServerBinding lax = KeyDelivery.serve(plane.system(), store, "127.0.0.1", 0,
                TlsContexts.server(pki, "node", java.util.EnumSet.of(CertRole.SAE, CertRole.OPERATOR)));
        laxBase = URI.create("https://127.0.0.1:" + lax.localAddress().getPort());
    }

    @AfterClass
    public static void stop() {
        if (plane != null) {
            plane.close();
        }
    }

    private static PkiDir pki(Path dir, String... saes) throws Exception {
        deleteTree(dir);
        SecureRandom random = new SecureRandom();
        assertTrue(PkiDir.init(dir, "test CA", Duration.ofDays(1), random) instanceof PkiDir.Written.Ok);
        PkiDir pki = ((PkiDir.Opened.Ok) PkiDir.open(dir)).pki();
        assertTrue(pki.issue(CertRole.NODE, "node", List.of("127.0.0.1"), Duration.ofDays(1), random) instanceof PkiDir.Written.Ok);
        for (String sae : saes) {
            assertTrue(pki.issue(CertRole.SAE, sae, List.of(), Duration.ofDays(1), random) instanceof PkiDir.Written.Ok);
        }
        return pki;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (java.nio.file.Files.exists(dir)) {
            try (var files = java.nio.file.Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(p);
                }
            }
        }
    }

    private static HttpClient client(Path pki, String sae) throws Exception {
        HttpClient c = clients.get(pki + sae);
        if (c == null) {
            c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30))
                    .sslContext(TlsContexts.client(((PkiDir.Opened.Ok) PkiDir.open(pki)).pki(), sae))
                    .build();
            clients.put(pki + sae, c);
        }
        return c;
    }

    private record Reply(int status, JsonNode body) {
    }

    private static Reply call(String sae, String path, String json) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        req = json == null ? req.GET() : req.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = client(PKI, sae).send(req.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), KmeHttpFixture.JSON.readTree(r.body()));
    }

    private static long stored(String master, String slave) throws Exception {
        Reply r = call(master, "/api/v1/keys/" + slave + "/status", null);
        assertEquals(r.body().toString(), 200, r.status());
        return r.body().get("stored_key_count").asLong();
    }

    private static int aborts(String link) throws Exception {
        return plane.status().toCompletableFuture().get(30, TimeUnit.SECONDS).links().stream()
                .filter(l -> l.id().equals(link)).findFirst().orElseThrow().aborts();
    }

    private static String idsBody(JsonNode keys) {
        StringBuilder b = new StringBuilder("{\"key_IDs\": [");
        for (int i = 0; i < keys.size(); i++) {
            b.append(i == 0 ? "" : ",").append("{\"key_ID\": \"").append(keys.get(i).get("key_ID").asText()).append("\"}");
        }
        return b.append("]}").toString();
    }

    @Test
    public void multicastAcrossGroupsThenAnAttackFreezesOnlyTheAttackedSupply() throws Exception {
        Eventually.await(WAIT, Duration.ofMillis(500), () -> stored("a1", "b1"), n -> n >= 4, "keys for a1 -> b1");

        Reply enc = call("a1", "/api/v1/keys/b1/enc_keys", "{\"number\": 3, \"size\": 256, \"additional_slave_SAE_IDs\": [\"a2\", \"b2\"]}");
        assertEquals(enc.body().toString(), 200, enc.status());
        JsonNode keys = enc.body().get("keys");
        for (String slave : List.of("b1", "a2", "b2")) {
            Reply dec = call(slave, "/api/v1/keys/a1/dec_keys", idsBody(keys));
            assertEquals(slave + ": " + dec.body(), 200, dec.status());
            for (int i = 0; i < keys.size(); i++) {
                assertArrayEquals(slave, Base64.getDecoder().decode(keys.get(i).get("key").asText()),
                        Base64.getDecoder().decode(dec.body().get("keys").get(i).get("key").asText()));
            }
            assertEquals(slave + " twice", 401, call(slave, "/api/v1/keys/a1/dec_keys", idsBody(keys)).status());
        }
        Reply enc2 = call("a1", "/api/v1/keys/b1/enc_keys", "{}");
        assertEquals(401, call("a3", "/api/v1/keys/a1/dec_keys", idsBody(enc2.body().get("keys"))).status());
        assertEquals(401, call("b2", "/api/v1/keys/a1/dec_keys", idsBody(enc2.body().get("keys"))).status());
        try {
            client(FOREIGN, "a1").send(HttpRequest.newBuilder(base.resolve("/api/v1/keys/b1/status"))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            fail("a certificate of another CA got an HTTP answer");
        } catch (IOException expected) {
            // the TLS handshake refused it
        }
        HttpRequest asA4 = HttpRequest.newBuilder(base.resolve("/api/v1/keys/a1/status")).timeout(Duration.ofSeconds(60)).build();
        try {
            client(PKI, "a4").send(asA4, HttpResponse.BodyHandlers.ofString());
            fail("an operator certificate got an HTTP answer as SAE a4");
        } catch (IOException expected) {
            // only SAE certificates are accepted
        }
        // The check can fail: where operator certificates are accepted too, a4's operator certificate passes as SAE a4.
        HttpResponse<String> leak = client(PKI, "a4").send(HttpRequest.newBuilder(laxBase.resolve("/api/v1/keys/a1/status"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(leak.body(), 200, leak.statusCode());
        assertEquals("a4", KmeHttpFixture.JSON.readTree(leak.body()).get("master_SAE_ID").asText());

        int before = aborts("g2");
        plane.attach(AttackRequest.parse("{\"type\":\"intercept-resend\",\"link\":\"g2\",\"fraction\":1.0}",
                plane.links(), plane.members())).toCompletableFuture().get(30, TimeUnit.SECONDS);
        int attacked = Eventually.await(WAIT, Duration.ofMillis(500), () -> aborts("g2"), n -> n > before, "an abort of g2");
        // From the first abort on, every round of g2 runs under the attack: its delivery share cannot grow.
        long g2Bits = pools.usableBits("g2");
        long g1Bits = pools.usableBits("g1");
        long toB1 = stored("a1", "b1");
        long toA2 = stored("a1", "a2");
        Eventually.await(WAIT, Duration.ofMillis(500), () -> pools.usableBits("g1"), n -> n > g1Bits, "a new g1 round");
        Eventually.await(WAIT, Duration.ofMillis(500), () -> aborts("g2"), n -> n >= attacked + 2, "two more g2 aborts");
        assertEquals("g2's supply frozen under attack", g2Bits, pools.usableBits("g2"));
        assertTrue(stored("a1", "b1") <= toB1);
        assertTrue("g1's supply keeps growing", stored("a1", "a2") > toA2);
        long left = stored("a1", "b1");
        if (left < 128) { // more than the pools hold: 503, nothing drawn
            Reply short503 = call("a1", "/api/v1/keys/b1/enc_keys", "{\"number\": " + (left + 1) + "}");
            assertEquals(short503.body().toString(), 503, short503.status());
            assertEquals(g2Bits, pools.usableBits("g2"));
        }
    }
}
