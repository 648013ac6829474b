package io.qmkdc.metrics;

import com.typesafe.config.ConfigFactory;

/**
 * Cost of one instrument call, not started (no-op) and started (Kamon, no agent). Run by hand:
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) io.qmkdc.metrics.MetricsBench}.
 */
public final class MetricsBench {
    private static final int CALLS = 20_000_000;
    private static final String[] LINKS = new String[64];

    private MetricsBench() {
    }

    public static void main(String[] args) {
        for (int i = 0; i < LINKS.length; i++) {
            LINKS[i] = "m" + i;
        }
        for (int round = 0; round < 2; round++) {
            report("not started", run());
        }
        Metrics.start("127.0.0.1", 0, ConfigFactory.parseString("kamon.init.attach-instrumentation = no"));
        try {
            for (int round = 0; round < 2; round++) {
                report("started", run());
            }
        } finally {
            Metrics.stop();
        }
    }

    private static long[] run() {
        long[] ns = new long[3];
        long t = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            Metrics.message(MessageKind.RELAY, MessageResult.DELIVERED);
        }
        ns[0] = System.nanoTime() - t;
        t = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            Metrics.siftedKeyBits(LINKS[i & 63], 1024);
        }
        ns[1] = System.nanoTime() - t;
        t = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            Metrics.relayLatencyNanos(1_000_000 + (i & 1023));
        }
        ns[2] = System.nanoTime() - t;
        return ns;
    }

    private static void report(String state, long[] ns) {
        System.out.printf("%-12s message %.1f ns/call, siftedKeyBits(64 links) %.1f ns/call, relayLatency %.1f ns/call%n",
                state, ns[0] / (double) CALLS, ns[1] / (double) CALLS, ns[2] / (double) CALLS);
    }
}
