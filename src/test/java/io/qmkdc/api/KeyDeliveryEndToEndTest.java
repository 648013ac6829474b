package io.qmkdc.api;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import akka.http.javadsl.ServerBinding;
import com.fasterxml.jackson.databind.JsonNode;
import io.qmkdc.pki.CertRole;
import io.qmkdc.pki.PkiDir;
import io.qmkdc.pki.TlsContexts;
import io.qmkdc.testing.Eventually;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * ETSI 014 end to end over mutual TLS with real certificates, on a BB84-keyed {@code serve} deployment
 * ({@link KmeTlsDeployment}): master a1 (g1) multicasts to a2 (g1, the same KME) and b1, b2 (g2, through the KDC as
 * trusted relay, one-time-pad hops); each slave gets the same bytes, once; a3 (not a recipient) gets 401. Only SAE
 * certificates of the listener's CA get HTTP at all, and the check can fail: a listener that also accepts operator
 * certificates answers one.
 */
public class KeyDeliveryEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> SLAVES = List.of("b1", "a2", "b2");

    private static KmeTlsDeployment d;

    @BeforeClass
    public static void start() throws Exception {
        d = new KmeTlsDeployment(Path.of("target/kme-e2e/pki"), "a1", "a2", "a3", "b1", "b2");
        // a4 is a member but holds an operator certificate of the same CA: not an SAE certificate.
        assertTrue(d.pki.issue(CertRole.OPERATOR, "a4", List.of(), Duration.ofDays(1), new SecureRandom()) instanceof PkiDir.Written.Ok);
        Eventually.await(WAIT, Duration.ofMillis(250), () -> d.stored("a1", "b1"), n -> n >= 8, "keys for a1 -> b1");
    }

    @AfterClass
    public static void stop() {
        if (d != null) {
            d.close();
        }
    }

    private static byte[] key(JsonNode keys, int i) {
        return Base64.getDecoder().decode(keys.get(i).get("key").asText());
    }

    @Test
    public void multicastAcrossGroupsGivesEverySlaveTheSameBytesOnce() throws Exception {
        KmeTlsDeployment.Reply enc = d.call("a1", "/api/v1/keys/b1/enc_keys",
                "{\"number\": 3, \"size\": 256, \"additional_slave_SAE_IDs\": [\"a2\", \"b2\"]}");
        assertEquals(enc.body().toString(), 200, enc.status());
        JsonNode keys = enc.body().get("keys");
        assertEquals(3, keys.size());
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(32, key(keys, i).length);
            distinct.add(keys.get(i).get("key").asText());
        }
        assertEquals("three different keys", 3, distinct.size());
        for (String slave : SLAVES) {
            KmeTlsDeployment.Reply dec = d.call(slave, "/api/v1/keys/a1/dec_keys", KmeTlsDeployment.idsBody(keys));
            assertEquals(slave + ": " + dec.body(), 200, dec.status());
            for (int i = 0; i < keys.size(); i++) {
                assertEquals(keys.get(i).get("key_ID").asText(), dec.body().get("keys").get(i).get("key_ID").asText());
                assertArrayEquals(slave + " key " + i, key(keys, i), key(dec.body().get("keys"), i));
            }
        }
        // Never twice to the same slave, by POST or GET, one key or all.
        for (String slave : SLAVES) {
            KmeTlsDeployment.Reply again = d.call(slave, "/api/v1/keys/a1/dec_keys", KmeTlsDeployment.idsBody(keys));
            assertEquals(slave + " twice: " + again.body(), 401, again.status());
            assertTrue(again.body().get("message").isTextual());
            String id = keys.get(0).get("key_ID").asText();
            assertEquals(slave + " twice by GET", 401, d.call(slave, "/api/v1/keys/a1/dec_keys?key_ID=" + id, null).status());
        }
    }

    @Test
    public void aNonRecipientGets401AndTheRecipientStillGetsTheKey() throws Exception {
        KmeTlsDeployment.Reply enc = d.call("a1", "/api/v1/keys/b1/enc_keys", "{}");
        assertEquals(enc.body().toString(), 200, enc.status());
        JsonNode keys = enc.body().get("keys");
        String ids = KmeTlsDeployment.idsBody(keys);
        for (String outsider : List.of("a3", "b2", "a2")) {
            KmeTlsDeployment.Reply r = d.call(outsider, "/api/v1/keys/a1/dec_keys", ids);
            assertEquals(outsider + ": " + r.body(), 401, r.status());
        }
        // The refusals drew nothing: b1 still gets its key.
        KmeTlsDeployment.Reply dec = d.call("b1", "/api/v1/keys/a1/dec_keys", ids);
        assertEquals(dec.body().toString(), 200, dec.status());
        assertArrayEquals(key(keys, 0), key(dec.body().get("keys"), 0));
    }

    @Test
    public void onlySaeCertificatesOfTheCaGetHttp() throws Exception {
        PkiDir foreign = KmeTlsDeployment.pki(Path.of("target/kme-e2e/foreign"), "a1");
        refusedByTls(d.client(foreign, "a1"), d.base, "a certificate of another CA");
        refusedByTls(d.client(d.pki, "a4"), d.base, "an operator certificate");
        // The check can fail: where operator certificates are accepted too, a4's operator certificate passes as SAE a4.
        ServerBinding lax = KeyDelivery.serve(d.plane.system(), d.store, "127.0.0.1", 0,
                TlsContexts.server(d.pki, "node", EnumSet.of(CertRole.SAE, CertRole.OPERATOR)));
        URI laxBase = URI.create("https://127.0.0.1:" + lax.localAddress().getPort());
        try {
            HttpResponse<String> leak = d.client(d.pki, "a4").send(HttpRequest.newBuilder(laxBase.resolve("/api/v1/keys/a1/status"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(leak.body(), 200, leak.statusCode());
            assertEquals("a4", KmeHttpFixture.JSON.readTree(leak.body()).get("master_SAE_ID").asText());
        } finally {
            lax.unbind();
        }
        // And a3's own SAE certificate is answered, as itself.
        KmeTlsDeployment.Reply own = d.call("a3", "/api/v1/keys/a1/status", null);
        assertEquals(200, own.status());
        assertNotEquals(0, own.body().get("max_SAE_ID_count").asInt());
        assertEquals("a3", own.body().get("master_SAE_ID").asText());
    }

    private static void refusedByTls(java.net.http.HttpClient client, URI base, String what) throws Exception {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/api/v1/keys/b1/status"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            fail(what + " got HTTP " + r.statusCode());
        } catch (IOException expected) {
            // the TLS handshake refused it
        }
    }
}
