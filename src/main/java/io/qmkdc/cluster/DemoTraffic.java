package io.qmkdc.cluster;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.qmkdc.actor.Member;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The little traffic that keeps a served or node deployment busy (its {@code --traffic-ms}): every period a
 * same-group message from the next honest member in turn, every fourth one relayed to the next group instead. A child
 * of the KDC host, which hands it the members once they are initialized; it owns its timer and its count.
 */
final class DemoTraffic {
    interface Command extends NoSerializationVerificationNeeded {
    }

    /** Senders in turn (honest members), their refs and groups, the group ids in order; a new Start replaces the last. */
    record Start(List<String> senders, Map<String, ActorRef<Member.Command>> refs, Map<String, String> groupOf,
            List<String> groups, Duration every) implements Command {
    }

    record GetSent(ActorRef<Long> replyTo) implements Command {
    }

    private record Send() implements Command {
    }

    private DemoTraffic() {
    }

    static Behavior<Command> create() {
        return Behaviors.withTimers(timers -> idle(timers, 0));
    }

    private static Behavior<Command> idle(akka.actor.typed.javadsl.TimerScheduler<Command> timers, long sent) {
        return Behaviors.receive(Command.class)
                .onMessage(Start.class, s -> start(timers, s, sent))
                .onMessage(GetSent.class, g -> {
                    g.replyTo().tell(sent);
                    return Behaviors.same();
                })
                .build();
    }

    private static Behavior<Command> start(akka.actor.typed.javadsl.TimerScheduler<Command> timers, Start s,
            long sent) {
        if (s.senders().isEmpty() || s.every().isZero()) {
            timers.cancelAll();
            return idle(timers, sent);
        }
        timers.startTimerWithFixedDelay(new Send(), s.every());
        return sending(timers, s, sent);
    }

    private static Behavior<Command> sending(akka.actor.typed.javadsl.TimerScheduler<Command> timers, Start s,
            long sent) {
        long[] n = {sent};
        return Behaviors.receive(Command.class)
                .onMessage(Start.class, again -> start(timers, again, n[0]))
                .onMessage(GetSent.class, g -> {
                    g.replyTo().tell(n[0]);
                    return Behaviors.same();
                })
                .onMessage(Send.class, x -> {
                    long k = ++n[0];
                    String from = s.senders().get((int) ((k - 1) % s.senders().size()));
                    List<String> groups = s.groups();
                    if (k % 4 == 0 && groups.size() > 1) {
                        String to = groups.get((groups.indexOf(s.groupOf().get(from)) + 1) % groups.size());
                        s.refs().get(from).tell(new Member.SendToOtherGroup(to, "relay #" + k + " from " + from));
                    } else {
                        s.refs().get(from).tell(new Member.SendToGroup("traffic #" + k + " from " + from));
                    }
                    return Behaviors.same();
                })
                .build();
    }
}
