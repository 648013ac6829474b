package io.qmkdc.api;

import static org.junit.Assert.*;

import java.util.Set;
import org.junit.Test;

/** Validation of {@code POST /attacks} bodies: every refusal is a 400 whose message starts with the field's name. */
public class AttackRequestTest {
    private static final Set<String> LINKS = Set.of("g1", "g2");
    private static final Set<String> MEMBERS = Set.of("a1", "b1");

    private static AttackRequest parse(String json) {
        return AttackRequest.parse(json, LINKS, MEMBERS);
    }

    private static void refused(String json, String field) {
        try {
            parse(json);
            fail("accepted " + json);
        } catch (ApiError e) {
            assertEquals(json, 400, e.status());
            assertTrue(json + " -> " + e.getMessage(), e.getMessage().startsWith(field + ": "));
        }
    }

    @Test
    public void acceptsLinkAndMemberAttacksWithTheirParameters() {
        AttackRequest r = parse("{\"type\":\"intercept-resend\",\"link\":\"g2\",\"fraction\":0.25}");
        assertEquals("intercept-resend", r.type());
        assertEquals("g2", r.target());
        assertNull(r.member());
        assertEquals(0.25, r.fraction(), 0);

        assertEquals(1.0, parse("{\"type\":\"intercept-resend\",\"link\":\"g1\"}").fraction(), 0);
        assertEquals(0.0, parse("{\"type\":\"intercept-resend\",\"link\":\"g1\",\"fraction\":0}").fraction(), 0);
        assertEquals(7, parse("{\"type\":\"tamper-flip\",\"link\":\"g1\",\"count\":7}").count());
        assertEquals(1, parse("{\"type\":\"tamper-drop\",\"link\":\"g1\"}").count());

        AttackRequest m = parse("{\"type\":\"impostor\",\"member\":\"b1\"}");
        assertEquals("b1", m.member());
        assertNull(m.link());
        assertEquals("b1", m.target());
    }

    @Test
    public void refusesEachBadFieldByName() {
        refused("not json", "body");
        refused("[1,2]", "body");
        refused("{\"link\":\"g1\"}", "type");
        refused("{\"type\":\"teleport\",\"link\":\"g1\"}", "type");
        refused("{\"type\":7,\"link\":\"g1\"}", "type");
        refused("{\"type\":\"pns\"}", "link");
        refused("{\"type\":\"pns\",\"link\":\"g9\"}", "link");
        refused("{\"type\":\"pns\",\"link\":\"g 1\"}", "link");
        refused("{\"type\":\"pns\",\"link\":\"" + "g".repeat(65) + "\"}", "link");
        refused("{\"type\":\"pns\",\"link\":\"g1\",\"member\":\"a1\"}", "member");
        refused("{\"type\":\"impostor\",\"link\":\"g1\"}", "link");
        refused("{\"type\":\"impostor\",\"member\":\"zz\"}", "member");
        refused("{\"type\":\"intercept-resend\",\"link\":\"g1\",\"fraction\":1.5}", "fraction");
        refused("{\"type\":\"intercept-resend\",\"link\":\"g1\",\"fraction\":-0.1}", "fraction");
        refused("{\"type\":\"intercept-resend\",\"link\":\"g1\",\"fraction\":\"1\"}", "fraction");
        refused("{\"type\":\"pns\",\"link\":\"g1\",\"fraction\":0.5}", "fraction");
        refused("{\"type\":\"tamper-flip\",\"link\":\"g1\",\"count\":0}", "count");
        refused("{\"type\":\"tamper-flip\",\"link\":\"g1\",\"count\":1.5}", "count");
        refused("{\"type\":\"tamper-flip\",\"link\":\"g1\",\"count\":" + (AttackRequest.MAX_COUNT + 1) + "}", "count");
        refused("{\"type\":\"denial\",\"link\":\"g1\",\"count\":3}", "count");
        refused("{\"type\":\"denial\",\"link\":\"g1\",\"colour\":\"red\"}", "colour");
    }

    @Test
    public void idsAreLettersDigitsDashAndUnderscore() {
        assertEquals("a-1_B", AttackRequest.checkId("id", "a-1_B"));
        for (String bad : new String[] {"", "a b", "../x", "a%2F", "x".repeat(65)}) {
            try {
                AttackRequest.checkId("id", bad);
                fail("accepted '" + bad + "'");
            } catch (ApiError e) {
                assertEquals(400, e.status());
                assertTrue(e.getMessage().startsWith("id: "));
            }
        }
    }
}
