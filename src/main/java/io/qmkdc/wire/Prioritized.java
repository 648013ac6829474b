package io.qmkdc.wire;

import io.qmkdc.crypto.Priority;

/**
 * A message that declares its {@link Priority}; {@link PriorityMailbox} serves the most urgent
 * first. Messages that do not implement it count as {@link Priority#CONTROL}.
 */
public interface Prioritized {
    Priority priority();
}
