package io.qmkdc.cli;

import java.io.PrintStream;
import java.util.function.DoubleConsumer;

/** A one-line progress bar on stderr for long work; silent when stderr is not a terminal-like sink. */
final class Progress implements DoubleConsumer {
    private final String label;
    private final PrintStream out = System.err;
    private final boolean enabled;
    private int shown = -1;

    Progress(String label, boolean enabled) {
        this.label = label;
        this.enabled = enabled;
    }

    @Override
    public void accept(double fraction) {
        if (!enabled) {
            return;
        }
        int percent = (int) Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
        if (percent == shown) {
            return;
        }
        shown = percent;
        int filled = percent / 4;
        out.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(25 - filled) + "] " + percent + "%");
        if (percent == 100) {
            out.println();
        }
        out.flush();
    }

    /** Shown only when a person is likely watching: a console is attached and not in CI. */
    static boolean wanted() {
        return System.console() != null && System.getenv("CI") == null;
    }
}
