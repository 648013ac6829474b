package io.qmkdc.actor;

import akka.actor.typed.SupervisorStrategy;

/**
 * How the long-lived actors survive an unexpected exception in one message (a bad qubit handle,
 * a malformed frame): they log it and keep their state (resume), so one bad message from a
 * tampering peer cannot wipe a KDC, a group or a link.
 */
final class Resilience {
    static final SupervisorStrategy KEEP_STATE = SupervisorStrategy.resume().withLoggingEnabled(true);

    private Resilience() {
    }
}
