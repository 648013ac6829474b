package io.qmkdc.deploy;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.Assert.*;

/**
 * deploy/local/cluster.sh with stub nodes (QMKDC_NODE_CMD = a script that records its arguments and sleeps):
 * argument handling, status, and a stop that ends exactly the processes the script started.
 */
public class ClusterScriptTest {
    private static final Path SCRIPT = Path.of("deploy", "local", "cluster.sh");

    private Path dir;
    private Path runDir;
    private Process unrelated;

    @Before
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("cluster-sh");
        runDir = dir.resolve("run");
        stub("stub.sh", "");
        // A TERM-deaf node: ignored signals stay ignored across exec, so only KILL ends this sleep.
        stub("deaf.sh", "trap '' TERM\n");
        // Same command line as the stubs' sleeps: stop must still leave it alone.
        unrelated = new ProcessBuilder("sleep", "300").start();
    }

    @After
    public void tearDown() throws Exception {
        run(Map.of("QMKDC_STOP_TIMEOUT", "1"), "stop");
        unrelated.destroyForcibly();
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    public void startsStatusesAndStopsOnlyItsOwnNodes() throws Exception {
        Result start = run(Map.of(), "start", "2");
        assertEquals(start.all(), 0, start.code);
        List<Long> pids = pids();
        assertEquals(2, pids.size());
        for (long pid : pids) {
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }

        // Each node got the interface of 'deploy/qmkdc node' with its own ports; node 0 seeds everyone.
        List<String> args = stubArgs();
        assertEquals(List.of(
                "--roles kdc,channel,group --port 25520 --seed-nodes 127.0.0.1:25520 --http-port 8558 --metrics-port 9095",
                "--roles member,group --port 25521 --seed-nodes 127.0.0.1:25520 --http-port 8559 --metrics-port 9096"),
                args);

        Result status = run(Map.of(), "status");
        assertEquals(status.all(), 0, status.code);
        assertTrue(status.out, status.out.contains("2 of 2 nodes alive"));
        assertTrue(status.out, status.out.contains("node-1 pid " + pids.get(1) + " alive roles member,group"));

        Result again = run(Map.of(), "start", "2");
        assertEquals("a second start while nodes run must be refused", 1, again.code);
        assertEquals(pids, pids());

        Result stop = run(Map.of(), "stop");
        assertEquals(stop.all(), 0, stop.code);
        for (long pid : pids) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isPresent()) {
                handle.get().onExit().get(30, TimeUnit.SECONDS);
            }
        }
        assertTrue("an unrelated 'sleep 300' was killed", unrelated.isAlive());
        assertTrue(pids().isEmpty());

        Result after = run(Map.of(), "status");
        assertEquals(1, after.code);
        assertTrue(after.out, after.out.contains("0 of 0 nodes alive"));
    }

    @Test
    public void rolesPlanGivesNodeIItsEntryAndRepeatsTheLast() throws Exception {
        Result start = run(Map.of(), "start", "3", "--roles-plan", "kdc,channel/group/member");
        assertEquals(start.all(), 0, start.code);
        List<String> roles = stubArgs().stream().map(a -> a.split(" ")[1]).collect(Collectors.toList());
        assertEquals(List.of("kdc,channel", "group", "member"), roles);
    }

    @Test
    public void badArgumentsAreRefusedWithExitCode2AndStartNothing() throws Exception {
        String[][] bad = {
                {}, {"frob"}, {"start"}, {"start", "0"}, {"start", "x"}, {"start", "65"}, {"start", "2", "--bogus"},
                {"start", "2", "--roles-plan"}, {"start", "2", "--roles-plan", "kdc//member"},
                {"start", "2", "--roles-plan", "kdc,spy"}, {"start", "2", "--roles-plan", ",kdc"},
                {"status", "extra"}, {"stop", "extra"},
        };
        for (String[] args : bad) {
            Result r = run(Map.of(), args);
            assertEquals(Arrays.toString(args) + ": " + r.all(), 2, r.code);
            assertFalse(Arrays.toString(args), r.err.isBlank());
        }
        assertTrue(pids().isEmpty());
        assertTrue(stubArgs().isEmpty());
    }

    @Test
    public void stopKillsANodeThatIgnoresTerm() throws Exception {
        Result start = run(Map.of("QMKDC_NODE_CMD", dir.resolve("deaf.sh").toString()), "start", "1");
        assertEquals(start.all(), 0, start.code);
        long pid = pids().get(0);
        Result stop = run(Map.of("QMKDC_STOP_TIMEOUT", "1"), "stop");
        assertEquals(stop.all(), 0, stop.code);
        assertTrue(stop.out, stop.out.contains("KILL sent to " + pid));
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            handle.get().onExit().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    public void aRecordedPidNowOwnedByAnotherProcessIsNeverSignalled() throws Exception {
        // As if node-0 died and its pid was reused by an unrelated process started at another time.
        Files.createDirectories(runDir);
        Files.writeString(runDir.resolve("node-0.pid"), unrelated.pid() + "\n");
        Files.writeString(runDir.resolve("node-0.info"), "roles=kdc\nport=25520\nstarted=Thu Jan  1 00:00:00 1970\n");
        Result status = run(Map.of(), "status");
        assertEquals(1, status.code);
        assertTrue(status.out, status.out.contains("node-0 pid " + unrelated.pid() + " dead"));
        Result stop = run(Map.of("QMKDC_STOP_TIMEOUT", "1"), "stop");
        assertEquals(stop.all(), 0, stop.code);
        assertTrue(unrelated.isAlive());
        assertFalse(Files.exists(runDir.resolve("node-0.pid")));
    }

    private void stub(String name, String prelude) throws IOException {
        Path stub = dir.resolve(name);
        Files.writeString(stub, "#!/bin/sh\n" + prelude
                + "echo \"$@\" > \"" + dir.resolve("args") + "-$$\"\nexec sleep 300\n");
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwx------"));
    }

    private List<Long> pids() throws IOException {
        List<Long> pids = new ArrayList<>();
        for (int i = 0; Files.exists(runDir.resolve("node-" + i + ".pid")); i++) {
            pids.add(Long.parseLong(Files.readString(runDir.resolve("node-" + i + ".pid")).trim()));
        }
        return pids;
    }

    /** The argument lines the stub nodes recorded, in node order (by their --port; all ports have 5 digits). */
    private List<String> stubArgs() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("args-")).map(p -> {
                try {
                    return Files.readString(p).trim();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted((a, b) -> a.replaceAll(".*--port (\\d+).*", "$1").compareTo(b.replaceAll(".*--port (\\d+).*", "$1")))
                    .collect(Collectors.toList());
        }
    }

    private record Result(int code, String out, String err) {
        String all() {
            return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("QMKDC_RUN_DIR", runDir.toString());
        pb.environment().put("QMKDC_NODE_CMD", dir.resolve("stub.sh").toString());
        pb.environment().put("QMKDC_START_CHECK", "0");
        pb.environment().putAll(env);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // A bound on waiting for a hung script, not a timing assertion.
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("cluster.sh " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
