package io.qmkdc.cli;

import java.io.PrintStream;
import java.util.function.DoubleConsumer;

/**
 * Progress of long work on stderr: a redrawn bar on a terminal, a plain line every 10 % otherwise
 * (logs, CI). Thread-safe, since parallel workers report into one instance.
 */
final class Progress implements DoubleConsumer {
    private final String label;
    private final PrintStream out = System.err;
    private final boolean enabled;
    private final boolean terminal = System.console() != null;
    private int shown = -1;

    Progress(String label, boolean enabled) {
        this.label = label;
        this.enabled = enabled;
    }

    @Override
    public synchronized void accept(double fraction) {
        if (!enabled) {
            return;
        }
        int percent = (int) Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
        if (percent <= shown || (!terminal && percent / 10 == shown / 10 && shown >= 0)) {
            return;
        }
        shown = percent;
        if (terminal) {
            int filled = percent / 4;
            out.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(25 - filled) + "] " + percent + "%");
            if (percent == 100) {
                out.println();
            }
        } else {
            out.println(label + ": " + percent + "%");
        }
        out.flush();
    }

    /** For short single runs: shown only when a person is likely watching (a console, not CI). */
    static boolean wanted() {
        return System.console() != null && System.getenv("CI") == null;
    }
}
