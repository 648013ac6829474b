package io.qmkdc.actor;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Application message ids a receiver has delivered, per sender: every sequence below a watermark
 * plus the set above it, so duplicates are recognised exactly however late they arrive (no
 * window to fall out of, unlike a transport anti-replay window).
 */
final class DeliveredIds {
    private static final class Seen {
        long below; // every seq < below is delivered
        final Set<Long> above = new HashSet<>();
    }

    private final Map<String, Seen> senders = new HashMap<>();

    /** True the first time (sender, seq) is marked, false for a duplicate. */
    boolean markFresh(String sender, long seq) {
        Seen s = senders.computeIfAbsent(sender, k -> new Seen());
        if (seq < s.below || !s.above.add(seq)) {
            return false;
        }
        while (s.above.remove(s.below)) {
            s.below++;
        }
        return true;
    }
}
