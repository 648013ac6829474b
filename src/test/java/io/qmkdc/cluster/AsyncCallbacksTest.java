package io.qmkdc.cluster;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * On a 2-core machine the JDK's common pool has one worker, and {@code CompletableFuture}'s async callbacks (what
 * Akka's {@code ctx.ask} completes through) then start a thread each. A fresh JVM limited to 2 processors checks that
 * {@link AsyncCallbacks#ensureCommonPool} gives them pool workers instead (without it the probe prints "new-thread").
 */
public class AsyncCallbacksTest {
    /** Run in the child JVM: where does an async callback run? */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("ensure")) {
            AsyncCallbacks.ensureCommonPool();
        }
        boolean pooled = CompletableFuture.supplyAsync(() -> Thread.currentThread() instanceof ForkJoinWorkerThread)
                .join();
        System.out.println(pooled ? "pool-worker" : "new-thread");
    }

    @Test
    public void asyncCallbacksRunOnPoolWorkersOnTwoCores() throws Exception {
        assertEquals("the JDK's default on 2 cores (what the fix is for)", "new-thread", probe(false));
        assertEquals("pool-worker", probe(true));
    }

    private static String probe(boolean ensure) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-XX:ActiveProcessorCount=2", "-cp", System.getProperty("java.class.path"),
                AsyncCallbacksTest.class.getName(), ensure ? "ensure" : "default").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(60, TimeUnit.SECONDS);
        List<String> lines = out.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
