package io.qmkdc.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Real responses of the 014 endpoint against docs/etsi-qkd-014.yaml (OpenAPI 3.1, whose schemas are JSON Schema
 * 2020-12, checked with networknt's json-schema-validator, format assertions on): every documented operation is
 * called, each answer's status must be documented for its operation, its Content-Type JSON, its body valid.
 */
public class KeyDeliveryOpenApiTest {
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static JsonNode doc;
    private static KmeHttpFixture f;
    private static KmeHttpFixture empty;
    private static final Set<String> exercised = new TreeSet<>();

    @BeforeClass
    public static void start() throws IOException {
        try (Reader r = Files.newBufferedReader(Path.of("docs/etsi-qkd-014.yaml"))) {
            Map<String, Object> yaml = new Yaml().load(r);
            doc = KmeHttpFixture.JSON.valueToTree(yaml);
        }
        f = new KmeHttpFixture().fill("g1", 1 << 16).fill("g2", 1 << 16).fill("g3", 1 << 16);
        empty = new KmeHttpFixture();
    }

    @AfterClass
    public static void stop() {
        f.close();
        empty.close();
    }

    /** The schema documented for {@code (template, method, status)}; fails when the status is not documented. */
    private static JsonSchema schemaFor(String template, String method, int status) {
        JsonNode op = doc.path("paths").path(template).path(method);
        assertFalse(method + " " + template + " is not in the document", op.isMissingNode());
        JsonNode response = resolve(op.path("responses").path(String.valueOf(status)));
        assertFalse(method + " " + template + ": status " + status + " is not documented", response.isMissingNode());
        JsonNode schema = response.path("content").path("application/json").path("schema");
        assertFalse(method + " " + template + " " + status + ": no JSON schema", schema.isMissingNode());
        ObjectNode root = KmeHttpFixture.JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("allOf", KmeHttpFixture.JSON.createArrayNode().add(schema));
        root.set("components", doc.get("components"));
        return SCHEMAS.getSchema(root, CONFIG);
    }

    private static JsonNode resolve(JsonNode node) {
        if (node.has("$ref")) {
            return doc.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }

    /** Checks one real response against the document and returns it. */
    private static KmeHttpFixture.Reply check(String template, String method, KmeHttpFixture.Reply r) {
        assertTrue(r.text(), r.contentType().startsWith("application/json"));
        assertNotNull("a body", r.body());
        Set<ValidationMessage> errors = schemaFor(template, method, r.status()).validate(r.body());
        assertTrue(method + " " + template + " " + r.status() + " " + r.text() + ": " + errors, errors.isEmpty());
        exercised.add(method + " " + template + " " + r.status());
        return r;
    }

    private static final String STATUS = "/api/v1/keys/{slave_SAE_ID}/status";
    private static final String ENC = "/api/v1/keys/{slave_SAE_ID}/enc_keys";
    private static final String DEC = "/api/v1/keys/{master_SAE_ID}/dec_keys";

    @Test
    public void everyOperationAnswersAsDocumented() {
        check(STATUS, "get", f.get("a1", "/api/v1/keys/b1/status"));
        check(STATUS, "get", f.get("a1", "/api/v1/keys/zz/status"));
        check(STATUS, "get", f.get(null, "/api/v1/keys/b1/status"));
        check(ENC, "get", f.get("a1", "/api/v1/keys/b1/enc_keys?number=2&size=64"));
        check(ENC, "get", f.get("a1", "/api/v1/keys/b1/enc_keys?size=63"));
        check(ENC, "get", empty.get("a1", "/api/v1/keys/b1/enc_keys"));
        KmeHttpFixture.Reply keys = check(ENC, "post", f.post("a1", "/api/v1/keys/b1/enc_keys",
                "{\"number\": 2, \"size\": 256, \"additional_slave_SAE_IDs\": [\"a2\", \"c1\"], \"extension_optional\": [{\"x\": 1}]}"));
        check(ENC, "post", f.post("a1", "/api/v1/keys/b1/enc_keys", "{\"additional_slave_SAE_IDs\": [\"b1\"]}"));
        check(ENC, "post", f.post(null, "/api/v1/keys/b1/enc_keys", "{}"));
        check(ENC, "post", empty.post("a1", "/api/v1/keys/b1/enc_keys", "{}"));
        check(ENC, "post", f.post("a1", "/api/v1/keys/b1/enc_keys", "{\"extension_optional\": [\"" + "x".repeat(17_000) + "\"]}"));
        check(ENC, "post", f.send("a1", HttpRequest.newBuilder(f.base.resolve("/api/v1/keys/b1/enc_keys"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}"))));
        String id0 = keys.body().get("keys").get(0).get("key_ID").asText();
        String id1 = keys.body().get("keys").get(1).get("key_ID").asText();
        check(DEC, "get", f.get("b1", "/api/v1/keys/a1/dec_keys?key_ID=" + id0));
        check(DEC, "get", f.get("b1", "/api/v1/keys/a1/dec_keys?key_ID=" + id0));
        check(DEC, "get", f.get("b1", "/api/v1/keys/a1/dec_keys?key_ID=x"));
        check(DEC, "post", f.post("c1", "/api/v1/keys/a1/dec_keys", "{\"key_IDs\": [{\"key_ID\": \"" + id0 + "\"}, {\"key_ID\": \""
                + id1 + "\"}]}"));
        check(DEC, "post", f.post("b2", "/api/v1/keys/a1/dec_keys", "{\"key_IDs\": [{\"key_ID\": \"" + id1 + "\"}]}"));
        check(DEC, "post", f.post("a2", "/api/v1/keys/a1/dec_keys", "{\"key_IDs\": []}"));
        Set<String> operations = new TreeSet<>();
        exercised.forEach(e -> operations.add(e.substring(0, e.lastIndexOf(' '))));
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> p = doc.get("paths").fields(); p.hasNext(); ) {
            Map.Entry<String, JsonNode> path = p.next();
            path.getValue().fieldNames().forEachRemaining(m -> documented.add(m + " " + path.getKey()));
        }
        assertEquals(documented, operations);
        assertTrue(exercised.toString(), exercised.contains("post " + ENC + " 413") && exercised.contains("post " + ENC + " 503"));
    }

    /** The check can fail: a missing field, an extra field, a bad UUID are caught. */
    @Test
    public void theDocumentCatchesWrongBodies() throws IOException {
        JsonSchema status = schemaFor(STATUS, "get", 200);
        JsonNode good = f.get("a1", "/api/v1/keys/b1/status").body();
        assertTrue(status.validate(good).isEmpty());
        ObjectNode missing = good.deepCopy();
        missing.remove("stored_key_count");
        assertFalse(status.validate(missing).isEmpty());
        ObjectNode extra = good.deepCopy();
        extra.put("secret", 1);
        assertFalse(status.validate(extra).isEmpty());
        JsonSchema container = schemaFor(ENC, "post", 200);
        assertFalse(container.validate(KmeHttpFixture.JSON.readTree("{\"keys\": [{\"key_ID\": \"nope\", \"key\": \"AAAA\"}]}")).isEmpty());
        assertFalse(schemaFor(ENC, "post", 400).validate(KmeHttpFixture.JSON.readTree("{}")).isEmpty());
    }
}
