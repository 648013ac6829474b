package io.qmkdc.scenario;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import org.junit.Test;

/** A bad scenario gets one message per problem, each naming the setting's path. */
public class ScenarioLoaderTest {

    @Test
    public void theBundledDemoLoads() {
        Scenario s = ScenarioLoader.load("demo");
        assertEquals(3, s.groups().size());
        assertEquals(List.of(10.0, 35.0, 80.0), s.groups().stream().map(Scenario.GroupPlan::linkKm).toList());
        assertTrue(s.groups().stream().allMatch(g -> g.members().size() == 4));
        assertEquals("x1", s.impostors().get(0).id());
    }

    @Test
    public void everyProblemIsReportedWithItsPath() {
        String text = """
                scenario {
                  auth { mode = sideways, rounds = 0 }
                  groups = [
                    { id = g1, link-km = 10, members = [a1, a2] }
                    { id = g1, link-km = 900, sensitivity = SECRETISH, members = [a1] }
                    { id = g3, members = [] }
                  ]
                  steps = [
                    { do = send, from = zz, text = hi }
                    { do = attack, type = laser, group = g9 }
                    { do = dance }
                  ]
                }
                """;
        try {
            ScenarioLoader.parse(text, "bad.conf");
            fail("must be rejected");
        } catch (ScenarioLoader.Invalid e) {
            List<String> p = e.problems();
            assertTrue(p.toString(), p.contains("scenario.auth.mode: 'sideways' is not one of [hardened, paper]"));
            assertTrue(p.toString(), p.contains("scenario.auth.rounds: 0.0 outside [1.0, 512.0]"));
            assertTrue(p.toString(), p.contains("scenario.groups[1].id: duplicate group 'g1'"));
            assertTrue(p.toString(), p.contains("scenario.groups[1].link-km: 900.0 outside [0.0, 200.0]"));
            assertTrue(p.toString(), p.stream().anyMatch(x -> x.startsWith("scenario.groups[1].sensitivity: 'SECRETISH'")));
            assertTrue(p.toString(), p.contains("scenario.groups[1].members[0]: duplicate member 'a1'"));
            assertTrue(p.toString(), p.contains("scenario.groups[2].link-km: missing (allowed 0.0 .. 200.0)"));
            assertTrue(p.toString(), p.contains("scenario.groups[2].members: empty group"));
            assertTrue(p.toString(), p.contains("scenario.steps[0].from: unknown member 'zz'"));
            assertTrue(p.toString(), p.stream().anyMatch(x -> x.startsWith("scenario.steps[1].type: 'laser'")));
            assertTrue(p.toString(), p.contains("scenario.steps[1].group: unknown group 'g9'"));
            assertTrue(p.toString(), p.stream().anyMatch(x -> x.startsWith("scenario.steps[2].do: 'dance'")));
            assertEquals("one line per problem, no duplicates", p.size(), p.stream().distinct().count());
        }
    }

    /** A list setting that is missing or of the wrong type is one problem, and the rest is still checked. */
    @Test
    public void listsOfTheWrongTypeAreReported() {
        String text = """
                scenario {
                  auth { mode = paper, rounds = 4 }
                  groups = [ { id = g1, link-km = 10, members = a1 } ]
                  impostors = nobody
                }
                """;
        List<String> p = problems(text, "lists.conf");
        assertTrue(p.toString(), p.contains("scenario.groups[0].members: must be a list of ids"));
        assertTrue(p.toString(), p.contains("scenario.impostors: must be a list of objects"));
        assertTrue(p.toString(), p.contains("scenario.steps: missing"));
    }

    /** The problems {@code text} is rejected with; fails when it loads. */
    private static List<String> problems(String text, String origin) {
        try {
            ScenarioLoader.parse(text, origin);
        } catch (ScenarioLoader.Invalid e) {
            return e.problems();
        }
        throw new AssertionError(origin + " must be rejected");
    }

    @Test
    public void hoconSyntaxErrorsNameTheFile() {
        try {
            ScenarioLoader.parse("scenario { groups = [ ", "broken.conf");
            fail("must be rejected");
        } catch (ScenarioLoader.Invalid e) {
            assertTrue(e.problems().get(0), e.problems().get(0).startsWith("broken.conf: not valid HOCON"));
        }
    }

    /**
     * A scenario is plain data: {@code ${PATH}} would read the server's environment (the contrast: the default
     * HOCON resolution does) and {@code include file(...)} its files; both are refused, naming the origin.
     */
    @Test
    public void substitutionsAndIncludesAreRefused() {
        String env = "scenario { name = ${PATH} }";
        assertEquals(System.getenv("PATH"), com.typesafe.config.ConfigFactory.parseString(env).resolve()
                .getString("scenario.name"));
        for (String text : List.of(env, "include file(\"/etc/passwd\")\nscenario { name = x }",
                "include \"application.conf\"", "include classpath(\"application.conf\")",
                "include url(\"http://127.0.0.1:1/x\")")) {
            try {
                ScenarioLoader.parse(text, "posted");
                fail("accepted: " + text);
            } catch (ScenarioLoader.Invalid e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("posted: "));
                assertTrue(e.getMessage(), e.getMessage().contains("substitutions") || e.getMessage().contains("include"));
            }
        }
    }
}
