package io.qmkdc.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.http.javadsl.ServerBinding;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.qmkdc.actor.link.DeliveryTap;
import io.qmkdc.cli.Profiles;
import io.qmkdc.kme.DeliveryPools;
import io.qmkdc.kme.KeyStore;
import io.qmkdc.kme.KmeLimits;
import io.qmkdc.pki.CertRole;
import io.qmkdc.pki.PkiDir;
import io.qmkdc.scenario.Scenario;
import io.qmkdc.scenario.ScenarioLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code serve}'s deployment ({@link NodeControlPlane#serve} with {@link KeyDelivery#config()}, BB84 on every link,
 * fixed seed) with the 014 endpoint over mutual TLS, certificates of {@code io.qmkdc.pki} made in {@code dir}: a CA,
 * the server's node certificate and one SAE certificate per name given. Groups g1 = a1..a4 (NORMAL, 10 km) and g2 =
 * b1, b2 (TOP_SECRET: one-time-pad hops, 25 km); re-key every 2 s keeps the links running rounds.
 */
final class KmeTlsDeployment implements AutoCloseable {
    static final String SCENARIO = """
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
    private static final long SEED = 5;
    private static final Config QUIET = ConfigFactory.parseString("akka.loglevel = WARNING\nakka.remote.artery.canonical.port = 0");

    final Path dir;
    final PkiDir pki;
    final NodeControlPlane plane;
    final KeyStore store;
    final DeliveryPools pools;
    final URI base;
    private final Map<String, HttpClient> clients = new HashMap<>();

    record Reply(int status, JsonNode body) {
    }

    KmeTlsDeployment(Path dir, String... saes) throws Exception {
        this.dir = dir;
        this.pki = pki(dir, saes);
        Scenario scenario = ScenarioLoader.parse(SCENARIO, "test");
        plane = NodeControlPlane.serve(scenario, Profiles::load, SEED, QUIET.withFallback(KeyDelivery.config()),
                new NodeControlPlane.Activity(Duration.ZERO, Duration.ofSeconds(2)));
        try {
            store = KeyDelivery.store(plane.system(), scenario, KmeLimits.standard());
            pools = DeliveryTap.of(plane.system()).pools().orElseThrow();
            ServerBinding b = KeyDelivery.serve(plane.system(), store, "127.0.0.1", 0, KeyDelivery.https(pki, "node"));
            base = URI.create("https://127.0.0.1:" + b.localAddress().getPort());
        } catch (Exception | Error e) {
            plane.close();
            throw e;
        }
    }

    /** A fresh PKI in {@code dir}: CA, node certificate for 127.0.0.1, SAE certificates. */
    static PkiDir pki(Path dir, String... saes) throws Exception {
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
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** One HTTP/1.1 client per certificate, with {@code name}'s certificate of {@code pki}. */
    HttpClient client(PkiDir of, String name) throws Exception {
        String k = of.dir() + "/" + name;
        HttpClient c = clients.get(k);
        if (c == null) {
            c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30))
                    .sslContext(io.qmkdc.pki.TlsContexts.client(of, name)).build();
            clients.put(k, c);
        }
        return c;
    }

    /** A request as SAE {@code sae}: GET when {@code json} is null, else POST of it. */
    Reply call(String sae, String path, String json) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        req = json == null ? req.GET() : req.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = client(pki, sae).send(req.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), KmeHttpFixture.JSON.readTree(r.body()));
    }

    /** {@code stored_key_count} of the pair, from the master's Status. */
    long stored(String master, String slave) throws Exception {
        Reply r = call(master, "/api/v1/keys/" + slave + "/status", null);
        assertEquals(r.body().toString(), 200, r.status());
        return r.body().get("stored_key_count").asLong();
    }

    int aborts(String link) throws Exception {
        return plane.status().toCompletableFuture().get(30, TimeUnit.SECONDS).links().stream()
                .filter(l -> l.id().equals(link)).findFirst().orElseThrow().aborts();
    }

    static String idsBody(JsonNode keys) {
        StringBuilder b = new StringBuilder("{\"key_IDs\": [");
        for (int i = 0; i < keys.size(); i++) {
            b.append(i == 0 ? "" : ",").append("{\"key_ID\": \"").append(keys.get(i).get("key_ID").asText()).append("\"}");
        }
        return b.append("]}").toString();
    }

    @Override
    public void close() {
        plane.close();
    }
}
