package io.qmkdc.api;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.ServerBinding;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.qmkdc.crypto.Sensitivity;
import io.qmkdc.kme.DeliveryPools;
import io.qmkdc.kme.KeyStore;
import io.qmkdc.kme.KmeLimits;
import io.qmkdc.kme.SaeDirectory;
import io.qmkdc.qkd.BitVector;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;

/**
 * The 014 endpoint on plain HTTP with a test-only identity source (the {@code X-Test-SAE} header stands in for the
 * client certificate's CN: never in main code). SAEs a1, a2 (g1), b1, b2 (g2), c1 (g3, TOP_SECRET).
 */
final class KmeHttpFixture implements AutoCloseable {
    static final String TEST_SAE_HEADER = "X-Test-SAE";
    static final ObjectMapper JSON = new ObjectMapper();

    final DeliveryPools pools = new DeliveryPools();
    final KeyStore store = new KeyStore(SaeDirectory.builder()
            .sae("a1", "g1", Sensitivity.NORMAL).sae("a2", "g1", Sensitivity.NORMAL)
            .sae("b1", "g2", Sensitivity.NORMAL).sae("b2", "g2", Sensitivity.NORMAL)
            .sae("c1", "g3", Sensitivity.TOP_SECRET).build(), pools, KmeLimits.standard());
    final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "kme-http",
            ConfigFactory.parseString("akka.actor.provider = local\nakka.loglevel = WARNING").withFallback(ConfigFactory.load()));
    final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Random rnd = new Random(3); // stands in for keyed rounds

    record Reply(int status, String contentType, JsonNode body, String text) {
    }

    KmeHttpFixture() {
        SaeIdentity testHeader = r -> r.getHeader(TEST_SAE_HEADER).map(h -> h.value());
        ServerBinding b = KeyDeliveryServer.start(system, new KeyDeliveryServer(store, testHeader), "127.0.0.1", 0, null);
        base = URI.create("http://127.0.0.1:" + b.localAddress().getPort());
    }

    KmeHttpFixture fill(String link, int bits) {
        byte[] b = new byte[bits / 8];
        rnd.nextBytes(b);
        BitVector v = BitVector.fromBytes(b, bits);
        pools.deposit(link, v);
        v.wipe();
        return this;
    }

    Reply get(String sae, String path) {
        return send(sae, HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Reply post(String sae, String path, String json) {
        return send(sae, HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply send(String sae, HttpRequest.Builder req) {
        if (sae != null) {
            req.header(TEST_SAE_HEADER, sae);
        }
        try {
            HttpResponse<String> r = http.send(req.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), body, r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        system.terminate();
    }
}
