package io.qmkdc.scenario;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.qmkdc.cluster.EmbeddedCluster;
import io.qmkdc.optics.LinkProfile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

/**
 * conf/scenarios/demo-per-member.conf on the one-node cluster of KdcHost and sharded entities: a channel entity per
 * member link, every honest member keyed and authenticated, HIGH and TOP_SECRET messages hop by hop, the
 * intercept-resend on g2 (every member link of g2 tapped) caught by the link abort, the impostor refused.
 */
public class PerMemberScenarioTest {

    @Test
    public void everyMemberIsKeyedAndTheAttackOnAGroupsMemberLinksIsCaught() {
        Scenario s = ScenarioLoader.load("demo-per-member");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ScenarioReport r = EmbeddedCluster.run(s, LinkProfile.gys(), 3, new PrintStream(out, true, StandardCharsets.UTF_8),
                ConfigFactory.empty());
        String account = out.toString(StandardCharsets.UTF_8);
        assertFalse(account, account.contains("TIMEOUT"));
        for (ScenarioReport.AuthRow a : r.auth()) {
            assertEquals(a.toString(), !a.member().equals("x1"), a.passed());
        }
        for (ScenarioReport.GroupRow g : r.groups()) {
            assertEquals(g.toString(), 4, g.members().size());
            assertTrue(g.toString(), g.privateKeyBits() > 0);
        }
        assertTrue(account, account.contains("[TOP_SECRET, hop by hop under QKD key via the KDC]: \"g3 top secret "
                + "briefing\" delivered to 3 of 3 members"));
        assertTrue(account, account.contains("[HIGH, hop by hop under QKD key via the KDC]: \"g3 high-sensitivity "
                + "note\" delivered to 3 of 3 members"));
        assertEquals("5 same-group messages, each to the 3 other members", 15, r.messages().intraDelivered());
        assertEquals("2 relayed messages, each to the 4 target members", 8, r.messages().relayDelivered());
        ScenarioReport.AttackRow ir = r.attacks().stream().filter(a -> a.type().equals("intercept-resend"))
                .findFirst().orElseThrow();
        assertTrue(ir.toString(), ir.detected() && ir.detectedBy().startsWith("link abort"));
        // Full intercept-resend: QBER ≈ 25 % + e_d / 2 on a sample of ~10^5 sifted bits (σ well below 1 %).
        assertTrue(ir.toString(), ir.qberDuring() > 0.2);
        assertEquals("g2 re-keyed after the detach", 1, r.groups().get(1).groupKeyEpoch());
    }
}
