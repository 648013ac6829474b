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
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.Test;

/** conf/scenarios/attacks.conf: each eavesdropper is detected by what theory says detects it. */
public class AttacksScenarioTest {

    @Test
    public void everyAttackIsDetectedByItsOwnTrace() {
        Scenario s = ScenarioLoader.load("attacks");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ScenarioReport r = EmbeddedCluster.run(s, LinkProfile.gys(), 5, new PrintStream(out, true, StandardCharsets.UTF_8),
                ConfigFactory.empty());
        String account = out.toString(StandardCharsets.UTF_8);
        assertFalse(account, account.contains("TIMEOUT"));
        Map<String, ScenarioReport.AttackRow> byType = r.attacks().stream()
                .filter(a -> !a.target().equals("x1"))
                .collect(Collectors.toMap(ScenarioReport.AttackRow::type, a -> a, (a, b) -> a));
        assertTrue(r.attacks().stream().allMatch(ScenarioReport.AttackRow::detected));
        assertTrue(byType.get("pns").detectedBy(), byType.get("pns").detectedBy().contains("Y1_L <= 0"));
        assertTrue("PNS leaves the QBER honest", byType.get("pns").qberDuring() < 0.06);
        assertTrue(byType.get("tamper-flip").detectedBy(), byType.get("tamper-flip").detectedBy().contains("one-time MAC"));
        assertTrue(byType.get("measure-pair").detectedBy(), byType.get("measure-pair").detectedBy().contains("Bell checks"));
        assertTrue(byType.get("measure-pair").eveLearned().contains("key-update bits"));
        assertTrue(byType.get("impostor").detectedBy(), byType.get("impostor").detectedBy().contains("b3 refused"));
        ScenarioReport.GroupRow g1 = r.groups().get(0);
        assertEquals("a2 left, a3 was refused", java.util.List.of("a1"), g1.members());
        assertEquals("re-key after the tampering, then a2's leave", 2, g1.groupKeyEpoch());
        assertEquals("re-key after the PNS abort", 1, r.groups().get(1).groupKeyEpoch());
    }
}
