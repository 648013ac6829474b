package io.qmkdc.crypto;

import java.util.Comparator;

/**
 * Processing priority in KDC and group mailboxes (paper abstract: re-initialization tasks are
 * handled first). Declaration order is priority order: {@link #REINITIALIZATION} first.
 */
public enum Priority {
    REINITIALIZATION,
    REKEY,
    CONTROL,
    TRAFFIC;

    /** Most urgent first. */
    public static final Comparator<Priority> URGENT_FIRST = Comparator.comparingInt(Priority::ordinal);

    public boolean before(Priority other) {
        return ordinal() < other.ordinal();
    }
}
