package io.qmkdc.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Node JVMs a system test starts (and always stops), with their logs, and plain-HTTP looks at them. */
public final class NodeProcesses implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    /** The java binary and class path that run {@code io.qmkdc.cli.Main} from this test's build. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static String classPath() {
        return System.getProperty("java.class.path");
    }

    public Process start(Path log, List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        logs.add(log);
        return p;
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    public static int status(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(3000);
            int code = c.getResponseCode();
            c.disconnect();
            return code;
        } catch (IOException e) {
            return -1;
        }
    }

    public static String body(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(3000);
        try (var in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public static void awaitStatus(String url, int code, Duration max) {
        Eventually.await(max, Duration.ofMillis(500), () -> status(url), c -> c == code, url + " answering " + code);
    }

    /** Waits until a line containing {@code text} is in the log. */
    public static void awaitLine(Path log, String text, Duration max) {
        Eventually.await(max, Duration.ofMillis(300), () -> Files.exists(log) ? Files.readString(log) : "",
                s -> s.contains(text), "'" + text + "' in " + log.getFileName());
    }

    public static int[] freePorts(int n) throws IOException {
        int[] out = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                held.add(s);
                out[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return out;
    }

    /** The tails of every log, for a failure message. */
    public String tails() {
        StringBuilder b = new StringBuilder();
        for (Path log : logs) {
            try {
                List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.startsWith("\tat ")).toList();
                b.append("== ").append(log.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(l -> b.append(l).append('\n'));
            } catch (IOException e) {
                b.append("== ").append(log).append(": ").append(e).append('\n');
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
