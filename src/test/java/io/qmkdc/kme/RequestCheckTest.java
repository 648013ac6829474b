package io.qmkdc.kme;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Every 400 of ETSI GS QKD 014 enc_keys and dec_keys, each naming its field. */
public class RequestCheckTest {
    private final KmeFixture f = new KmeFixture(new KmeLimits(256, 64, 1024, 4, 100, 2)).fill("g1", 1 << 14).fill("g2", 1 << 14);

    private Etsi014.Error refused400(KmeReply<?> r) {
        assertTrue("expected a refusal, got " + r, r instanceof KmeReply.Refused);
        KmeReply.Refused<?> x = (KmeReply.Refused<?>) r;
        assertEquals(x.error().message(), 400, x.status());
        return x.error();
    }

    private KmeReply<Etsi014.KeyContainer> enc(Integer number, Integer size, List<String> also) {
        return f.store.encKeys("a1", "b1", new Etsi014.KeyRequest(number, size, also, null, null));
    }

    @Test
    public void sizeNotAMultipleOf8() {
        assertTrue(refused400(enc(1, 100, null)).message().startsWith("size: must be a multiple of 8"));
    }

    @Test
    public void sizeOutsideMinMax() {
        assertTrue(refused400(enc(1, 56, null)).message().startsWith("size: must be in 64..1024"));
        assertTrue(refused400(enc(1, 1032, null)).message().startsWith("size: must be in 64..1024"));
        assertTrue(enc(1, 64, null) instanceof KmeReply.Served);
        assertTrue(enc(1, 1024, null) instanceof KmeReply.Served);
    }

    @Test
    public void numberOverMaxKeyPerRequest() {
        assertTrue(refused400(enc(5, null, null)).message().startsWith("number: must be in 1..4"));
        assertTrue(refused400(enc(0, null, null)).message().startsWith("number: must be in 1..4"));
        assertEquals(4, ((KmeReply.Served<Etsi014.KeyContainer>) enc(4, null, null)).body().keys().size());
    }

    @Test
    public void unknownSlaveOrAdditionalSlave() {
        assertTrue(refused400(f.store.encKeys("a1", "zz", Etsi014.KeyRequest.of(1, null))).message()
                .startsWith("slave_SAE_ID: unknown SAE 'zz'"));
        assertTrue(refused400(enc(1, null, List.of("b2", "zz"))).message()
                .startsWith("additional_slave_SAE_IDs: unknown SAE 'zz'"));
        assertTrue(refused400(f.store.status("a1", "nobody")).message().startsWith("slave_SAE_ID: unknown"));
    }

    @Test
    public void callerOwnIdOrDuplicatesInAdditionalSlaves() {
        assertTrue(refused400(enc(1, null, List.of("a1"))).message().contains("the caller itself"));
        assertTrue(refused400(enc(1, null, List.of("b2", "b2"))).message().contains("'b2' appears twice"));
        assertTrue(refused400(enc(1, null, List.of("b1"))).message().contains("'b1' appears twice"));
        assertTrue(refused400(f.store.encKeys("a1", "a1", Etsi014.KeyRequest.of(1, null))).message()
                .contains("the caller itself"));
    }

    @Test
    public void tooManyAdditionalSlaves() {
        assertTrue(refused400(enc(1, null, List.of("a2", "a3", "b2"))).message()
                .startsWith("additional_slave_SAE_IDs: at most 2 (max_SAE_ID_count)"));
    }

    @Test
    public void unsupportedExtensionMandatoryAndOptionalIgnored() {
        Etsi014.Error e = refused400(f.store.encKeys("a1", "b1", new Etsi014.KeyRequest(1, null, null,
                List.of(Map.of("abc_route_type", "direct")), null)));
        assertEquals("extension_mandatory: not supported", e.message());
        assertEquals("unsupported: abc_route_type", e.details().get(0).get("message"));
        assertTrue(f.store.encKeys("a1", "b1", new Etsi014.KeyRequest(1, null, null, List.of(),
                List.of(Map.of("abc_transfer_method", "qkd")))) instanceof KmeReply.Served);
    }

    @Test
    public void malformedKeyIds() {
        for (String bad : new String[] {"1", "not-a-uuid", "123e4567-e89b-12d3-a456-42661417400", "123e4567e89b12d3a456426614174000",
                "{123e4567-e89b-12d3-a456-426614174000}", ""}) {
            Etsi014.Error e = refused400(f.store.decKeys("b1", "a1", Etsi014.KeyIds.of(List.of(bad))));
            assertTrue(bad + ": " + e.message(), e.message().startsWith("key_ID: must be a UUID"));
        }
        refused400(f.store.decKeys("b1", "a1", new Etsi014.KeyIds(List.of(), null)));
        refused400(f.store.decKeys("b1", "a1", new Etsi014.KeyIds(null, null)));
        String id = "123e4567-e89b-12d3-a456-426614174000";
        assertTrue(refused400(f.store.decKeys("b1", "a1", Etsi014.KeyIds.of(List.of(id, id.toUpperCase())))).message()
                .contains("appears twice"));
        assertTrue(refused400(f.store.decKeys("b1", "a1", Etsi014.KeyIds.of(List.of(id, id, id, id, id)))).message()
                .startsWith("key_IDs: at most 4"));
    }

    @Test
    public void echoedInputIsShortAndPrintable() {
        String msg = refused400(f.store.encKeys("a1", "x\n".repeat(100), Etsi014.KeyRequest.of(1, null))).message();
        assertTrue(msg, msg.length() < 120 && !msg.contains("\n"));
    }
}
