package io.qmkdc.actor;

import io.qmkdc.actor.link.Authenticated;
import java.util.ArrayDeque;
import java.util.function.BiConsumer;

/**
 * A fiber keeps order: classical messages leave a {@link QuantumChannel} in the order they entered it, per
 * direction, whatever taps came or went meanwhile. Without it a message sent just after a tap detached overtakes
 * one still passing that tap, and the receiving end's one-time MAC refuses the late one as a replay — an alarm no
 * attacker caused. Part of the channel actor's state (no synchronization).
 */
final class ClassicalOrder {

    /** One message's place in its direction's queue; it leaves once it and everything before it are through. */
    static final class Slot {
        private final boolean toTerminal;
        private Authenticated message;
        private int replays;
        private boolean done;

        private Slot(boolean toTerminal) {
            this.toTerminal = toTerminal;
        }
    }

    private final ArrayDeque<Slot> toTerminal = new ArrayDeque<>();
    private final ArrayDeque<Slot> toKdc = new ArrayDeque<>();
    private final BiConsumer<Authenticated, Boolean> deliver;

    ClassicalOrder(BiConsumer<Authenticated, Boolean> deliver) {
        this.deliver = deliver;
    }

    /** A message that goes through taps takes its place now. */
    Slot enter(boolean toTerminal) {
        Slot s = new Slot(toTerminal);
        queue(toTerminal).add(s);
        return s;
    }

    /** A message that meets no tap: straight through unless earlier ones are still passing taps. */
    void untapped(Authenticated m, boolean toTerminal) {
        if (queue(toTerminal).isEmpty()) {
            deliver.accept(m, toTerminal);
        } else {
            passed(enter(toTerminal), m, 0);
        }
    }

    /** The last tap let {@code m} (perhaps altered) through, with {@code replays} extra copies. */
    void passed(Slot s, Authenticated m, int replays) {
        s.message = m;
        s.replays = replays;
        s.done = true;
        flush(s.toTerminal);
    }

    /** A tap dropped the message: its place is given up. */
    void dropped(Slot s) {
        s.done = true;
        flush(s.toTerminal);
    }

    private void flush(boolean direction) {
        ArrayDeque<Slot> q = queue(direction);
        while (!q.isEmpty() && q.peek().done) {
            Slot s = q.poll();
            if (s.message != null) {
                for (int i = 0; i <= s.replays; i++) {
                    deliver.accept(s.message, direction);
                }
            }
        }
    }

    private ArrayDeque<Slot> queue(boolean direction) {
        return direction ? toTerminal : toKdc;
    }
}
