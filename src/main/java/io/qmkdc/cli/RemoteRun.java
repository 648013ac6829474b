package io.qmkdc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.qmkdc.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code deploy/qmkdc run --connect URL FILE}: checks the scenario here (same messages as a local run), posts it to
 * {@code POST /scenarios} and prints the run's account as it grows, until it is done (at most {@link #WAIT}).
 */
final class RemoteRun {
    static final Duration WAIT = Duration.ofMinutes(30);
    private static final long POLL_MS = 250;

    private RemoteRun() {
    }

    static int execute(String connect, OperatorCertificate operator, String file) {
        String text = text(file);
        try {
            ScenarioLoader.parse(text, file);
        } catch (ScenarioLoader.Invalid e) {
            throw new UsageError(String.join(System.lineSeparator() + "error: ", e.problems()));
        }
        return AttackCommand.withClient(connect, operator, c -> {
            JsonNode run = c.runScenario(text);
            String id = run.path("id").asText();
            System.out.println("scenario " + run.path("name").asText() + " accepted as run " + id);
            int shown = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                run = c.scenario(id);
                List<JsonNode> lines = new java.util.ArrayList<>();
                run.path("account").forEach(lines::add);
                for (; shown < lines.size(); shown++) {
                    System.out.println(lines.get(shown).asText());
                }
                String state = run.path("state").asText();
                if (state.equals("done")) {
                    return 0;
                }
                if (state.equals("failed")) {
                    System.err.println("error: run " + id + " failed: " + run.path("error").asText());
                    return 1;
                }
                if (System.nanoTime() > deadline) {
                    System.err.println("error: run " + id + " still " + state + " after " + WAIT.toMinutes() + " min");
                    return 1;
                }
                try {
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 1;
                }
            }
        });
    }

    /** The file's text, or a bundled scenario's by name. */
    private static String text(String file) {
        Path p = Path.of(file);
        try {
            if (Files.isRegularFile(p)) {
                return Files.readString(p);
            }
            Path home = Profiles.home().resolve("conf/scenarios/" + file + ".conf");
            if (Files.isRegularFile(home)) {
                return Files.readString(home);
            }
            try (InputStream in = RemoteRun.class.getClassLoader().getResourceAsStream("conf/scenarios/" + file + ".conf")) {
                if (in != null) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UsageError(file + ": cannot read: " + e.getMessage());
        }
        throw new UsageError(file + ": no such scenario file");
    }
}
