package io.qmkdc.wire;

import io.qmkdc.crypto.Priority;

/**
 * A message that declares its {@link Priority}; {@link PriorityMailbox} serves the most urgent
 * first. Messages that do not implement it count as {@link Priority#CONTROL}. A message of a fixed
 * priority implements one of the nested interfaces instead of overriding {@link #priority()}.
 */
public interface Prioritized {
    Priority priority();

    /** A (re-)initialization: new link keys, then group keys. */
    interface Reinitialization extends Prioritized {
        @Override
        default Priority priority() {
            return Priority.REINITIALIZATION;
        }
    }

    /** A membership change or a group key on its way. */
    interface Rekey extends Prioritized {
        @Override
        default Priority priority() {
            return Priority.REKEY;
        }
    }

    /** Application traffic: served after everything else. */
    interface Traffic extends Prioritized {
        @Override
        default Priority priority() {
            return Priority.TRAFFIC;
        }
    }
}
