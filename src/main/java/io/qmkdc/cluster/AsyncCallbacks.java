package io.qmkdc.cluster;

/**
 * Akka's {@code ctx.ask} completes through {@code pipeToSelf}, whose Scala-to-Java future runs its callback with
 * {@code whenCompleteAsync} on the JDK's common pool. On a 2-core machine that pool's default parallelism is 1, and
 * then {@code CompletableFuture} starts a new thread for every async callback: measured 500-1,800 threads a second
 * during a load run (the KDC host's probes, the driver's asks), CPU taken from the traffic. Two workers at least.
 */
public final class AsyncCallbacks {
    static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private AsyncCallbacks() {
    }

    /** Call before anything uses the common pool (the JVM reads the property once, at the pool's creation). */
    public static void ensureCommonPool() {
        if (System.getProperty(PARALLELISM) == null) {
            System.setProperty(PARALLELISM, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
        }
    }
}
