package io.qmkdc.load;

import io.qmkdc.actor.QmKdc;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The keying phase of a load run: polls the KDC's authentication results and the members' keys until every member
 * holds a group key (and, where the KDC is sure to answer, every authentication is in), or the keying timeout.
 */
final class KeyingWait {
    /** Members keyed and when (NaN: not all), authentications passed and when all were in (NaN: never). */
    record Keying(int keyed, double keyedSeconds, int authPassed, double authSeconds) {
        double authPerSecond() {
            return Double.isNaN(authSeconds) ? Double.NaN : authPassed / authSeconds;
        }
    }

    private KeyingWait() {
    }

    /**
     * From {@code t0} (System.nanoTime()): {@code status}: the KDC's authentication progress or null (busy, or its singleton moving); {@code keyed}: members holding a key.
     * With {@code keyedMeansAuthenticated} (across nodes, where the KDC may not answer) every member keyed ends the
     * wait and stands for every authentication passed if the KDC's count was not seen.
     */
    static Keying await(LoadSettings s, long t0, Supplier<QmKdc.AuthProgress> status, IntSupplier keyed, LoadProgress progress,
            long pollMs, boolean keyedMeansAuthenticated) {
        double authSeconds = Double.NaN;
        int authPassed = 0;
        int k = 0;
        long deadline = t0 + s.keyingTimeoutMs() * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (Double.isNaN(authSeconds)) {
                QmKdc.AuthProgress st = status.get();
                if (st != null && st.completed() >= s.members()) {
                    authSeconds = (System.nanoTime() - t0) / 1e9;
                    authPassed = st.passed();
                }
            }
            k = keyed.getAsInt();
            progress.keying(k, s.members());
            if (k == s.members() && (keyedMeansAuthenticated || !Double.isNaN(authSeconds))) {
                double keyedSeconds = (System.nanoTime() - t0) / 1e9;
                return Double.isNaN(authSeconds) ? new Keying(k, keyedSeconds, s.members(), keyedSeconds)
                        : new Keying(k, keyedSeconds, authPassed, authSeconds);
            }
            DriverAsks.sleep(pollMs);
        }
        return new Keying(k, Double.NaN, authPassed, authSeconds);
    }
}
