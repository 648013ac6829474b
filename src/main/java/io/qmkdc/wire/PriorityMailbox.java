package io.qmkdc.wire;

import akka.actor.ActorSystem;
import akka.dispatch.Envelope;
import akka.dispatch.UnboundedStablePriorityMailbox;
import com.typesafe.config.Config;
import io.qmkdc.crypto.Priority;
import java.util.Comparator;

/**
 * Mailbox of the KDC and the groups (paper abstract: re-initialization is handled first): orders
 * by {@link Prioritized#priority()}, FIFO within a priority. Selected with
 * {@code MailboxSelector.fromConfig(PriorityMailbox.CONFIG_PATH)}.
 */
public final class PriorityMailbox extends UnboundedStablePriorityMailbox {
    public static final String CONFIG_PATH = "qmkdc.priority-mailbox";

    /** Most urgent first; unknown messages rank as CONTROL. */
    public static final Comparator<Envelope> ORDER = Comparator.comparingInt(e -> rank(e.message()));

    public PriorityMailbox(ActorSystem.Settings settings, Config config) {
        super(ORDER::compare);
    }

    static int rank(Object message) {
        return message instanceof Prioritized p ? p.priority().ordinal() : Priority.CONTROL.ordinal();
    }
}
