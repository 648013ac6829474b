package io.qmkdc.cli;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

/** {@code run FILE} with a bad file: one line per problem, naming the setting, and exit code 2. */
public class ScenarioCommandTest {
    @Test
    public void aBadScenarioGivesOneLinePerProblemAndExitTwo() throws Exception {
        Path file = Files.createTempFile("bad", ".conf");
        Files.writeString(file, """
                scenario {
                  groups = [ { id = g1, link-km = 10, members = [a, a] }, { id = g1, link-km = 10, members = [b] } ]
                  steps = [ { do = send, from = q, text = x } ]
                }
                """);
        PrintStream err = System.err;
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            code = Main.execute("run", file.toString());
        } finally {
            System.setErr(err);
        }
        assertEquals(Main.EXIT_USAGE, code);
        assertEquals(List.of("error: scenario.groups[0].members[1]: duplicate member 'a'",
                "error: scenario.groups[1].id: duplicate group 'g1'",
                "error: scenario.steps[0].from: unknown member 'q'"),
                e.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
