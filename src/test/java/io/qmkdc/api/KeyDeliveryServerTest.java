package io.qmkdc.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** The 014 routes over HTTP: statuses, Error bodies (never empty), limits. Identity from the test header. */
public class KeyDeliveryServerTest {
    private static KmeHttpFixture f;

    @BeforeClass
    public static void start() {
        f = new KmeHttpFixture().fill("g1", 1 << 16).fill("g2", 1 << 16).fill("g3", 1 << 16);
    }

    @AfterClass
    public static void stop() {
        f.close();
    }

    /** A refusal: the status, JSON, a message, details an array. */
    private static String error(KmeHttpFixture.Reply r, int status) {
        assertEquals(r.text(), status, r.status());
        assertTrue(r.contentType(), r.contentType().startsWith("application/json"));
        assertNotNull("an Error body", r.body());
        assertTrue(r.text(), r.body().get("message").isTextual());
        return r.body().get("message").asText();
    }

    @Test
    public void statusOfAPair() {
        KmeHttpFixture.Reply r = f.get("a1", "/api/v1/keys/b1/status");
        assertEquals(r.text(), 200, r.status());
        assertEquals("kme-g1", r.body().get("source_KME_ID").asText());
        assertEquals("kme-g2", r.body().get("target_KME_ID").asText());
        assertEquals("a1", r.body().get("master_SAE_ID").asText());
        assertEquals("b1", r.body().get("slave_SAE_ID").asText());
        assertTrue(r.body().get("stored_key_count").asLong() > 0);
    }

    @Test
    public void encThenDecByPostAndGetGiveTheSameBytes() {
        KmeHttpFixture.Reply enc = f.post("a1", "/api/v1/keys/b1/enc_keys",
                "{\"number\": 2, \"size\": 128, \"additional_slave_SAE_IDs\": [\"c1\"]}");
        assertEquals(enc.text(), 200, enc.status());
        JsonNode k0 = enc.body().get("keys").get(0);
        JsonNode k1 = enc.body().get("keys").get(1);
        KmeHttpFixture.Reply dec = f.post("b1", "/api/v1/keys/a1/dec_keys",
                "{\"key_IDs\": [{\"key_ID\": \"" + k0.get("key_ID").asText() + "\"}]}");
        assertEquals(dec.text(), 200, dec.status());
        assertEquals(k0.get("key").asText(), dec.body().get("keys").get(0).get("key").asText());
        KmeHttpFixture.Reply get = f.get("c1", "/api/v1/keys/a1/dec_keys?key_ID=" + k1.get("key_ID").asText());
        assertEquals(k1.get("key").asText(), get.body().get("keys").get(0).get("key").asText());
        error(f.get("b1", "/api/v1/keys/a1/dec_keys?key_ID=" + k0.get("key_ID").asText()), 401);
    }

    @Test
    public void encByGet() {
        KmeHttpFixture.Reply r = f.get("a2", "/api/v1/keys/a1/enc_keys?number=3&size=64");
        assertEquals(r.text(), 200, r.status());
        assertEquals(3, r.body().get("keys").size());
        assertEquals(8, java.util.Base64.getDecoder().decode(r.body().get("keys").get(2).get("key").asText()).length);
        error(f.get("a2", "/api/v1/keys/a1/enc_keys?number=three"), 400);
        error(f.get("a2", "/api/v1/keys/a1/enc_keys?size=100"), 400);
    }

    @Test
    public void noIdentityIs401WithAnErrorBody() {
        assertTrue(error(f.get(null, "/api/v1/keys/b1/status"), 401).startsWith("caller:"));
        assertTrue(error(f.get("mallory", "/api/v1/keys/b1/status"), 401).startsWith("caller:"));
        error(f.post(null, "/api/v1/keys/b1/enc_keys", "{}"), 401);
    }

    @Test
    public void notARecipientIs401() {
        KmeHttpFixture.Reply enc = f.post("a1", "/api/v1/keys/b1/enc_keys", "{}");
        String id = enc.body().get("keys").get(0).get("key_ID").asText();
        error(f.get("b2", "/api/v1/keys/a1/dec_keys?key_ID=" + id), 401);
        assertEquals(200, f.get("b1", "/api/v1/keys/a1/dec_keys?key_ID=" + id).status());
        error(f.get("b1", "/api/v1/keys/a1/dec_keys?key_ID=" + id), 401);
    }

    @Test
    public void malformedRequestsAre400NamingTheField() {
        assertTrue(error(f.post("a1", "/api/v1/keys/b1/enc_keys", "{\"size\": 12}"), 400).startsWith("size:"));
        assertTrue(error(f.post("a1", "/api/v1/keys/b1/enc_keys", "{\"number\": 1000}"), 400).startsWith("number:"));
        assertTrue(error(f.post("a1", "/api/v1/keys/zz/enc_keys", "{}"), 400).startsWith("slave_SAE_ID:"));
        assertTrue(error(f.post("a1", "/api/v1/keys/b1/enc_keys", "{\"additional_slave_SAE_IDs\": [\"a1\"]}"), 400)
                .startsWith("additional_slave_SAE_IDs:"));
        assertTrue(error(f.post("a1", "/api/v1/keys/b1/enc_keys",
                "{\"extension_mandatory\": [{\"route\": \"x\"}]}"), 400).startsWith("extension_mandatory:"));
        assertTrue(error(f.post("a1", "/api/v1/keys/b1/enc_keys", "{\"number\": \"2\"}"), 400).startsWith("number:"));
        assertTrue(error(f.post("a1", "/api/v1/keys/b1/enc_keys", "{\"number\": 1.5}"), 400).startsWith("number:"));
        assertTrue(error(f.post("a1", "/api/v1/keys/b1/enc_keys", "{\"nmber\": 1}"), 400).contains("unknown field 'nmber'"));
        error(f.post("a1", "/api/v1/keys/b1/enc_keys", "{\"number\": "), 400);
        error(f.post("a1", "/api/v1/keys/b1/enc_keys", "[]"), 400);
        error(f.post("a1", "/api/v1/keys/b1/enc_keys", "null"), 400);
        assertTrue(error(f.get("b1", "/api/v1/keys/a1/dec_keys?key_ID=nope"), 400).startsWith("key_ID:"));
        assertTrue(error(f.get("b1", "/api/v1/keys/a1/dec_keys"), 400).startsWith("key_ID:"));
        error(f.post("b1", "/api/v1/keys/a1/dec_keys", "{\"key_IDs\": [{\"key_ID\": 5}]}"), 400);
    }

    @Test
    public void poolShortIs503() {
        try (KmeHttpFixture empty = new KmeHttpFixture()) {
            KmeHttpFixture.Reply r = empty.post("a1", "/api/v1/keys/b1/enc_keys", "{}");
            assertTrue(error(r, 503).contains("QKD key pools"));
            assertEquals(0, empty.get("a1", "/api/v1/keys/b1/status").body().get("stored_key_count").asLong());
        }
    }

    @Test
    public void limitsOnBodiesNestingPathsAndMethods() {
        error(f.post("a1", "/api/v1/keys/b1/enc_keys", "{\"extension_optional\": [" + "{\"a\": ".repeat(2000) + "1"
                + "}".repeat(2000) + "]}"), 400);
        error(f.post("a1", "/api/v1/keys/b1/enc_keys", "{\"additional_slave_SAE_IDs\": [\"" + "x".repeat(20_000) + "\"]}"), 413);
        error(f.get("a1", "/api/v1/keys/b1/nothing"), 404);
        error(f.get("a1", "/status"), 404);
        error(f.send("a1", HttpRequest.newBuilder(f.base.resolve("/api/v1/keys/b1/status")).DELETE()), 405);
        error(f.send("a1", HttpRequest.newBuilder(f.base.resolve("/api/v1/keys/b1/enc_keys"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}"))), 415);
    }
}
