package io.qmkdc.gkm;

import java.util.HashMap;
import java.util.Map;

/**
 * Duplicate filter over authenticated message ids: per (group, epoch, sender) it keeps the highest
 * sequence seen and a 64-message bitmap below it (the anti-replay window of RFC 4303 §3.4.3).
 * Mark a message only after it opened, so forgeries cannot poison the window. Older than the
 * window counts as a duplicate. Thread-safe.
 */
public final class ReplayFilter {
    private record Stream(String groupId, long epoch, int senderIndex) {
    }

    private static final class Window {
        long highest = -1;
        long bitmap;
    }

    private final Map<Stream, Window> windows = new HashMap<>();

    /** True the first time {@code id} is marked, false for duplicates and too-old sequences. */
    public synchronized boolean markFresh(GroupMessage.MessageId id) {
        Window w = windows.computeIfAbsent(new Stream(id.groupId(), id.epoch(), id.senderIndex()), s -> new Window());
        long seq = id.sequence();
        if (seq > w.highest) {
            long shift = seq - w.highest;
            w.bitmap = shift >= 64 ? 0 : w.bitmap << shift;
            w.bitmap |= 1;
            w.highest = seq;
            return true;
        }
        long back = w.highest - seq;
        if (back >= 64 || (w.bitmap >>> back & 1) != 0) {
            return false;
        }
        w.bitmap |= 1L << back;
        return true;
    }

    /** Drops the windows of a retired epoch. */
    public synchronized void forgetEpoch(String groupId, long epoch) {
        windows.keySet().removeIf(s -> s.groupId().equals(groupId) && s.epoch() == epoch);
    }
}
