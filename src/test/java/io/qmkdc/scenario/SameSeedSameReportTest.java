package io.qmkdc.scenario;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.qmkdc.optics.LinkProfile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

/**
 * Same seed, same numbers (issue 15, item 7): one scenario run twice in one JVM with one seed gives
 * the same report, wall-clock fields aside — although every K_c, G_k and message key comes from a
 * CSPRNG and the members' sessions run concurrently. The scenario has what made runs differ: impostor
 * members (whose failed rounds depended on K_c), concurrent sessions sharing a channel, an EPR attack
 * (whose draws followed the order the sessions ran in) and an optical attack on a BB84 link.
 * <p>
 * Not in it, because no seed can promise them while K_c comes from a CSPRNG: the counts of
 * {@code intercept-return} and of the man-in-the-middle {@code impostor} tap. Whether Eve's basis
 * (or her guessed b) matches a round's b = K_{2i-1} decides whether the round can fail, and Eve's
 * choice is independent of K_c, so the number of matches is a function of K_c (the distribution is
 * the same on every run; the realised count is not).
 */
public class SameSeedSameReportTest {
    private static final String SCENARIO = """
            scenario {
              name = same-seed
              profile = gys
              keying-mode = per-group
              auth { mode = hardened, rounds = 32, check-fraction = 0.5, tolerance = 0.0 }
              link { target-detections = 100000, round-timeout-ms = 5000, retry-delay-ms = 200 }
              groups = [
                { id = g1, link-km = 10, sensitivity = NORMAL, members = [a1, a2, a3] }
                { id = g2, link-km = 20, sensitivity = NORMAL, members = [b1, b2] }
              ]
              impostors = [ { id = x1, group = g1 }, { id = x2, group = g2 } ]
              steps = [
                { do = initialize }
                { do = send, from = a1, text = "g1 up" }
                { do = relay, from = b1, to-group = g1, text = "g2 -> g1" }
                { do = attack, type = measure-pair, group = g1 }
                { do = join, group = g1, member = a4 }
                { do = detach, group = g1 }
                { do = attack, type = intercept-resend, fraction = 1.0, group = g2 }
                { do = reinitialize, group = g2 }
                { do = detach, group = g2 }
                { do = await-rekey, group = g2 }
                { do = join, group = g2, member = b3 }
              ]
            }
            """;

    private static ScenarioReport run() {
        Scenario s = ScenarioLoader.parse(SCENARIO, "SameSeedSameReportTest");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return new ScenarioRunner(s, LinkProfile.gys(), 7, new PrintStream(out, true, StandardCharsets.UTF_8),
                ConfigFactory.empty()).run();
    }

    /** The report without its wall-clock fields: run time, attack start times, the account's time stamps. */
    private static ScenarioReport timeless(ScenarioReport r) {
        List<ScenarioReport.AttackRow> attacks = r.attacks().stream()
                .map(a -> new ScenarioReport.AttackRow(a.type(), a.target(), 0, a.detected(), a.detectedBy(),
                        a.qberDuring(), a.eveLearned()))
                .toList();
        List<String> account = r.account().stream().map(l -> l.replaceFirst("^\\[\\s*[0-9.]+s\\] ", "")).toList();
        return new ScenarioReport(r.scenario(), r.seed(), 0, r.groups(), r.auth(), r.messages(), attacks, account);
    }

    @Test
    public void oneSeedGivesOneReport() {
        ScenarioReport first = timeless(run());
        ScenarioReport second = timeless(run());
        // Not vacuous: the impostors and the attacks made random outcomes (failed rounds, refusals) to compare.
        assertTrue(first.auth().toString(), first.auth().stream().anyMatch(a -> a.failedRounds() > 0));
        assertTrue(first.attacks().toString(), first.attacks().stream().allMatch(ScenarioReport.AttackRow::detected));
        assertEquals(first.auth(), second.auth());
        assertEquals(first.attacks(), second.attacks());
        assertEquals(first.groups(), second.groups());
        assertEquals(first.messages(), second.messages());
        assertEquals(first.account(), second.account());
        assertEquals(first, second);
    }
}
