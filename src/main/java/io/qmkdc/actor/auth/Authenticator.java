package io.qmkdc.actor.auth;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.wire.CborSerializable;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.EprAuthentication;
import io.qmkdc.quantum.EprKdc;
import io.qmkdc.quantum.QuantumRegistry;
import io.qmkdc.quantum.QubitRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The KDC's side of one member's EPR authentication session (paper §2.6, eq. 8–12; DESIGN §5), all
 * rounds at once so that a member on another node costs a few messages, not a few per round (issue 16):
 * prepare Φ+ for every round and send all the m's over the member's quantum channel in one message;
 * as each f returns, hold it; when all have, CNOT and measure each in basis b (pass iff v) and only
 * then draw which rounds are announced X-basis Bell checks (HARDENED, a random {@code checkFraction}
 * of them) and which feed the key update of eq. 12 — one settlement message to the member, one answer
 * back. Each round's qubits are still its own pair, moved, never copied, with their ownership checked;
 * the announcement still follows every f's return, so the checks decide what they decided round by round.
 * Reports {@link Completed} to its parent and stops. A session not finished within
 * {@link Settings#sessionTimeout} ({@code rounds} × {@link Settings#roundBudget}: the member or its node
 * died) ends as failed with reason {@link #TIMEOUT}; every round's register is discarded, so no
 * qubit of the session stays behind, and replies arriving later find a stopped actor and stale refs.
 */
public final class Authenticator extends AbstractBehavior<Authenticator.Command> {
    /** Owner name of qubits held by the KDC. */
    public static final String OWNER = "kdc";

    /** {@link Completed#reason()} of a session whose member stopped answering. */
    public static final String TIMEOUT = "timeout";

    /**
     * Default {@link Settings#roundBudget}. A budget for the whole session, not a limit per round: in
     * the 1,000-member load run nearly all of a session's time (up to 3.1 s at load average 9 on 2
     * cores, over 5 s at 21) is its first round, queued behind the other sessions and the BB84 frames.
     */
    public static final Duration DEFAULT_ROUND_BUDGET = Duration.ofSeconds(5);

    public sealed interface Command extends CborSerializable {
    }

    /** From the channel: f came back. */
    public record Returned(String session, int round, QubitRef qubit) implements Command {
    }

    /**
     * From the member: all rounds settled; {@code outcomes[i]} is its X outcome on a check round, 0 on a
     * key-update round it measured, -1 when it had no m for round i.
     */
    public record RoundsSettled(String session, int[] outcomes) implements Command {
    }

    /** Timer: the session did not finish in time. */
    private record SessionTimedOut(String session) implements Command {
    }

    /** The session's result; K_c at the KDC has been updated when {@code passed}. */
    public record Completed(String session, String member, String mode, boolean passed, int rounds, int failedRounds,
            int checks, int checkMismatches, String reason) implements CborSerializable {
        /** The member stopped answering (see {@link #TIMEOUT}); it is not authenticated. */
        public boolean timedOut() {
            return !passed && TIMEOUT.equals(reason);
        }
    }

    /**
     * @param rounds        n, at most |K_c| / 2
     * @param checkFraction probability a round is an X check (HARDENED)
     * @param tolerance     accepted fraction of failed rounds and of check mismatches
     * @param roundBudget   time allowed per round; the session fails after {@code rounds} × this
     */
    public record Settings(EprAuthentication.Mode mode, int rounds, double checkFraction, double tolerance,
            Duration roundBudget) {
        public Settings {
            if (roundBudget == null || roundBudget.isNegative() || roundBudget.isZero()) {
                throw new IllegalArgumentException("roundBudget must be a positive duration, was " + roundBudget);
            }
        }

        /** With {@link #DEFAULT_ROUND_BUDGET}. */
        public Settings(EprAuthentication.Mode mode, int rounds, double checkFraction, double tolerance) {
            this(mode, rounds, checkFraction, tolerance, DEFAULT_ROUND_BUDGET);
        }

        public Settings withRoundBudget(Duration budget) {
            return new Settings(mode, rounds, checkFraction, tolerance, budget);
        }

        /** How long a session may take in all: {@code rounds} × {@link #roundBudget} (at least one budget). */
        public Duration sessionTimeout() {
            return roundBudget.multipliedBy(Math.max(1, rounds));
        }
    }

    private final String session;
    private final String memberId;
    private final ActorRef<Member.Command> member;
    private final ActorRef<QuantumChannel.Command> channel;
    private final QuantumRegistry registry;
    private final Settings settings;
    private final AuthKeys keys;
    private final BitVector kc;
    private final EprKdc epr; // null without a usable K_c
    private final ActorRef<Completed> replyTo;
    private final TimerScheduler<Command> timers;
    /** Register of each round's pair (s, m and f): discarded on timeout. */
    private final List<String> registers = new ArrayList<>();
    /** f of each round as it came back; the settlement waits for all. */
    private QubitRef[] returned;
    private int returnedCount;
    private boolean settling;

    public static Behavior<Command> create(String session, String memberId, ActorRef<Member.Command> member,
            ActorRef<QuantumChannel.Command> channel, QuantumRegistry registry, Settings settings, AuthKeys keys,
            long seed, ActorRef<Completed> replyTo) {
        return Behaviors.setup(ctx -> Behaviors.<Command>withTimers(timers -> new Authenticator(ctx, timers, session,
                memberId, member, channel, registry, settings, keys, seed, replyTo).start()));
    }

    private Authenticator(ActorContext<Command> ctx, TimerScheduler<Command> timers, String session, String memberId,
            ActorRef<Member.Command> member, ActorRef<QuantumChannel.Command> channel, QuantumRegistry registry,
            Settings settings, AuthKeys keys, long seed, ActorRef<Completed> replyTo) {
        super(ctx);
        this.timers = timers;
        this.session = session;
        this.memberId = memberId;
        this.member = member;
        this.channel = channel;
        this.registry = registry;
        this.settings = settings;
        this.keys = keys;
        this.kc = keys.current(memberId);
        this.epr = kc == null || 2L * settings.rounds() > kc.length() ? null : new EprKdc(settings.mode(),
                settings.rounds(), settings.checkFraction(), settings.tolerance(), kc, registry, new SplittableRandom(seed));
        this.replyTo = replyTo;
    }

    private Behavior<Command> start() {
        if (epr == null) {
            return finish(false, kc == null ? "no K_c provisioned for " + memberId
                    : "K_c of " + kc.length() + " bits is too short for " + settings.rounds() + " rounds");
        }
        timers.startSingleTimer(SessionTimedOut.class, new SessionTimedOut(session), settings.sessionTimeout());
        sendPairHalves();
        return this;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Returned.class, this::onReturned)
                .onMessage(RoundsSettled.class, this::onSettled)
                .onMessage(SessionTimedOut.class, this::onTimedOut)
                .build();
    }

    /** Step 1 (eq. 8) for every round: Φ+ on (s, m); all the m's go to the member in one message. */
    private void sendPairHalves() {
        int n = epr.rounds();
        List<QubitRef> halves = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            EprAuthentication.BellPair pair = epr.prepare(i, OWNER);
            registers.add(pair.s().registerId());
            halves.add(pair.m());
        }
        returned = new QubitRef[n];
        channel.tell(new QuantumChannel.CarryPairHalves(session, halves, Member.owner(memberId), member,
                getContext().getSelf()));
    }

    /** A round's f is back; once all are, step 3 (eq. 11) for each and one settlement for all. */
    private Behavior<Command> onReturned(Returned r) {
        if (!r.session().equals(session) || settling || r.round() < 0 || r.round() >= returned.length
                || returned[r.round()] != null) {
            return this;
        }
        returned[r.round()] = r.qubit();
        if (++returnedCount < returned.length) {
            return this;
        }
        settling = true;
        // In round order, so the session's draws are those of the round-by-round form.
        boolean[] checks = new boolean[returned.length];
        for (int i = 0; i < returned.length; i++) {
            checks[i] = epr.returned(i, returned[i]);
        }
        member.tell(new Member.SettleRounds(session, checks, getContext().getSelf()));
        return this;
    }

    private Behavior<Command> onSettled(RoundsSettled s) {
        if (!s.session().equals(session) || !settling || s.outcomes() == null
                || s.outcomes().length != epr.rounds() || epr.allSettled()) {
            return this;
        }
        for (int i = 0; i < s.outcomes().length; i++) {
            epr.settled(i, s.outcomes()[i]);
        }
        EprKdc.Verdict v = epr.verdict();
        return finish(v.passed(), v.reason());
    }

    /** The member (or its node) stopped answering: drop the round's qubits and fail the session. */
    private Behavior<Command> onTimedOut(SessionTimedOut t) {
        if (!t.session().equals(session)) {
            return this;
        }
        int dropped = 0;
        for (String register : registers) {
            dropped += registry.discardRegister(register);
        }
        getContext().getLog().info("authentication {} of {}: not finished within {}, {} of {} rounds back{}; {} qubits dropped",
                session, memberId, settings.sessionTimeout(), returnedCount, settings.rounds(),
                settling ? ", settlement unanswered" : "", dropped);
        return finish(false, TIMEOUT);
    }

    private Behavior<Command> finish(boolean passed, String reason) {
        timers.cancelAll();
        EprKdc.Verdict v = epr == null ? new EprKdc.Verdict(false, 0, 0, 0, reason) : epr.verdict();
        if (passed) {
            BitVector updated = epr.updatedKey();
            keys.provision(memberId, updated);
            updated.wipe();
        }
        member.tell(new Member.AuthenticationResult(session, passed));
        replyTo.tell(new Completed(session, memberId, settings.mode().name().toLowerCase(), passed, settings.rounds(),
                v.failedRounds(), v.checks(), v.mismatches(), reason));
        if (kc != null) {
            kc.wipe();
        }
        if (epr != null) {
            epr.wipe();
        }
        return Behaviors.stopped();
    }
}
