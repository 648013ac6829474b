package io.qmkdc.api;

import akka.http.javadsl.ServerBinding;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.qmkdc.actor.link.DeliveryTap;
import io.qmkdc.kme.KeyStore;
import io.qmkdc.kme.KmeLimits;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.pki.CertRole;
import io.qmkdc.pki.PkiDir;
import io.qmkdc.pki.TlsContexts;
import io.qmkdc.scenario.Scenario;
import io.qmkdc.scenario.ScenarioLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * N SAE clients against the 014 endpoint of a {@code serve} deployment in this JVM, over mutual TLS with one SAE
 * certificate each: every client, as master, asks {@code enc_keys} for one key for a random other SAE (seeded), and
 * that slave's own client fetches it with {@code dec_keys}; a 503 (the pools dry) backs the client off 100 ms. The
 * result sets keys delivered per second and request latency beside what the links distilled since the deployment
 * started: a key costs QKD bits (its own, and a relay hop's per slave behind another KME), so the key bits issued
 * never exceed the bits drawn, which never exceed the delivery share of the bits distilled.
 */
public final class KeyDeliveryLoad {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Setup(int groups, int members, int keyBits, int durationSeconds, long seed) {
    }

    /** What a run measured; latencies in ms over every answered request (enc and dec, 200 or 503). */
    public record Result(Setup setup, int saes, double seconds, long encRequests, long served, long refused503,
            long deliveredKeys, long mismatches, long failures, double keysPerSecond, double p50Ms, double p99Ms,
            double maxMs, long issuedKeyBits, long drawnBits, long distilledBits, long deliveryShareBits, double ratio) {
    }

    private KeyDeliveryLoad() {
    }

    /** The scenario: {@code groups} NORMAL groups of {@code members} at 10, 20, … km (BB84, gys profile). */
    static String scenario(int groups, int members) {
        StringBuilder g = new StringBuilder();
        for (int i = 1; i <= groups; i++) {
            List<String> ids = new ArrayList<>();
            for (int m = 1; m <= members; m++) {
                ids.add("s" + i + "x" + m);
            }
            g.append("    { id = g").append(i).append(", link-km = ").append(10 * i).append(", sensitivity = NORMAL, members = [")
                    .append(String.join(", ", ids)).append("] }\n");
        }
        return "scenario {\n  name = kme-load\n  profile = gys\n"
                + "  auth { mode = hardened, rounds = 16, check-fraction = 0.25, tolerance = 0.0 }\n"
                + "  link { target-detections = 300000, round-timeout-ms = 10000, retry-delay-ms = 1000 }\n"
                + "  groups = [\n" + g + "  ]\n  steps = [ { do = initialize } ]\n}\n";
    }

    public static Result run(Setup setup, Function<String, LinkProfile> profiles, Path pkiDir) throws Exception {
        Scenario scenario = ScenarioLoader.parse(scenario(setup.groups(), setup.members()), "kme-load");
        List<String> saes = KeyDelivery.directory(scenario).saes().stream().sorted().toList();
        PkiDir pki = pki(pkiDir, saes);
        NodeControlPlane plane = NodeControlPlane.serve(scenario, profiles, setup.seed(),
                ConfigFactory.parseString("akka.loglevel = WARNING").withFallback(KeyDelivery.config()),
                new NodeControlPlane.Activity(Duration.ZERO, Duration.ofSeconds(2)));
        try {
            KeyStore store = KeyDelivery.store(plane.system(), scenario, KmeLimits.standard());
            DeliveryTap tap = DeliveryTap.of(plane.system());
            ServerBinding b = KeyDelivery.serve(plane.system(), store, "127.0.0.1", 0, KeyDelivery.https(pki, "node"));
            URI base = URI.create("https://127.0.0.1:" + b.localAddress().getPort() + "/api/v1/keys/");
            List<String> links = scenario.groups().stream().map(Scenario.GroupPlan::id).toList();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (links.stream().anyMatch(l -> tap.pools().orElseThrow().usableBits(l) < setup.keyBits())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no keyed round on every link within 120 s");
                }
                Thread.sleep(200);
            }
            HttpClient[] clients = new HttpClient[saes.size()];
            for (int i = 0; i < clients.length; i++) {
                clients[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(30)).sslContext(TlsContexts.client(pki, saes.get(i))).build();
            }
            Counters c = new Counters();
            long start = System.nanoTime();
            long end = start + Duration.ofSeconds(setup.durationSeconds()).toNanos();
            List<Thread> threads = new ArrayList<>();
            List<Latencies> latencies = new ArrayList<>();
            for (int i = 0; i < clients.length; i++) {
                int me = i;
                Latencies lat = new Latencies();
                latencies.add(lat);
                Random rnd = new Random(setup.seed() * 1_000_003L + i);
                Thread t = new Thread(() -> client(me, saes, clients, base, setup.keyBits(), rnd, end, c, lat),
                        "kme-load-" + saes.get(i));
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join(setup.durationSeconds() * 1000L + 60_000);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // Since the deployment started (the warm-up's rounds filled the pools the clients drew from).
            long distilled = links.stream().mapToLong(tap::distilledBits).sum();
            long drawn = links.stream().mapToLong(store::drawnBits).sum();
            long share = links.stream().mapToLong(tap::setAsideBits).sum();
            long[] all = merge(latencies);
            long issued = c.served.sum() * setup.keyBits();
            return new Result(setup, saes.size(), seconds, c.enc.sum(), c.served.sum(), c.short503.sum(),
                    c.delivered.sum(), c.mismatches.sum(), c.failures.sum(), c.delivered.sum() / seconds,
                    pct(all, 0.50), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6, issued, drawn,
                    distilled, share, distilled == 0 ? 0 : (double) issued / distilled);
        } finally {
            plane.close();
        }
    }

    private static final class Counters {
        final LongAdder enc = new LongAdder();
        final LongAdder served = new LongAdder();
        final LongAdder short503 = new LongAdder();
        final LongAdder delivered = new LongAdder();
        final LongAdder mismatches = new LongAdder();
        final LongAdder failures = new LongAdder();
    }

    /** One client's request latencies (ns); read after its thread ended. */
    private static final class Latencies {
        private long[] v = new long[1024];
        private int n;

        void since(long t0) {
            if (n == v.length) {
                v = Arrays.copyOf(v, 2 * n);
            }
            v[n++] = System.nanoTime() - t0;
        }
    }

    private static void client(int me, List<String> saes, HttpClient[] clients, URI base, int bits, Random rnd,
            long end, Counters c, Latencies lat) {
        while (System.nanoTime() < end) {
            int slave = rnd.nextInt(saes.size() - 1);
            slave = slave >= me ? slave + 1 : slave;
            try {
                long t0 = System.nanoTime();
                HttpResponse<String> enc = clients[me].send(HttpRequest.newBuilder(base.resolve(saes.get(slave) + "/enc_keys"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"number\": 1, \"size\": " + bits + "}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                lat.since(t0);
                c.enc.increment();
                if (enc.statusCode() == 503) {
                    c.short503.increment();
                    Thread.sleep(100);
                    continue;
                }
                if (enc.statusCode() != 200) {
                    c.failures.increment();
                    continue;
                }
                c.served.increment();
                JsonNode key = JSON.readTree(enc.body()).get("keys").get(0);
                long t1 = System.nanoTime();
                HttpResponse<String> dec = clients[slave].send(HttpRequest.newBuilder(base.resolve(saes.get(me) + "/dec_keys"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"key_IDs\": [{\"key_ID\": \""
                                + key.get("key_ID").asText() + "\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
                lat.since(t1);
                if (dec.statusCode() != 200) {
                    c.failures.increment();
                } else if (JSON.readTree(dec.body()).get("keys").get(0).get("key").asText().equals(key.get("key").asText())) {
                    c.delivered.increment();
                } else {
                    c.mismatches.increment();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                c.failures.increment();
            }
        }
    }

    private static long[] merge(List<Latencies> latencies) {
        long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l.v, 0, l.n)).toArray();
        Arrays.sort(all);
        return all;
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static PkiDir pki(Path dir, List<String> saes) {
        SecureRandom random = new SecureRandom();
        ok(PkiDir.init(dir, "qmkdc kme-load CA", Duration.ofDays(1), random));
        PkiDir pki = ((PkiDir.Opened.Ok) PkiDir.open(dir)).pki();
        ok(pki.issue(CertRole.NODE, "node", List.of("127.0.0.1"), Duration.ofDays(1), random));
        for (String sae : saes) {
            ok(pki.issue(CertRole.SAE, sae, List.of(), Duration.ofDays(1), random));
        }
        return pki;
    }

    private static void ok(PkiDir.Written w) {
        if (w instanceof PkiDir.Written.Refused r) {
            throw new IllegalStateException(r.problem());
        }
    }
}
