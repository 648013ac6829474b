package io.qmkdc.actor;

import io.qmkdc.wire.CborSerializable;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.quantum.EprMember;
import io.qmkdc.quantum.MemberQubits;
import io.qmkdc.quantum.QuantumRegistry;
import io.qmkdc.quantum.QubitRef;
import io.qmkdc.quantum.Streams;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The qubit states of a multi-node cluster stay in one JVM: the KDC host's {@link QuantumRegistry}
 * (an EPR pair is one state vector). A member on another node holds only {@link QubitRef}s and
 * sends its gates and measurements here (DESIGN §5 step 2, member side), those of all rounds of a
 * session in one message each; the registry still checks
 * each ref's ownership token, so a member can act only on the qubits the channel handed it. The
 * steps are the member's own ({@link MemberQubits}, as a member beside its registry performs them).
 */
public final class QubitStore {

    public sealed interface Command extends CborSerializable {
    }

    /** Member step 2 (eq. 9–10): f = |v> or H|v>, CNOT(m → f); f goes back through {@code channel}. */
    public record Encode(String session, int round, QubitRef m, int basis, int value,
            ActorRef<QuantumChannel.Command> channel, ActorRef<Authenticator.Command> authenticator) implements Command {
        @Override
        public String toString() {
            return "Encode[" + session + "#" + round + "]";
        }
    }

    /** {@link Encode} for several rounds at once: round {@code rounds[k]} has m {@code ms[k]}, b {@code bases[k]}, v {@code values[k]}. */
    public record EncodeAll(String session, int[] rounds, List<QubitRef> ms, int[] bases, int[] values,
            ActorRef<QuantumChannel.Command> channel, ActorRef<Authenticator.Command> authenticator) implements Command {
        @Override
        public String toString() {
            return "EncodeAll[" + session + ", " + (rounds == null ? 0 : rounds.length) + " rounds]"; // b and v are K_c bits
        }
    }

    /**
     * A settlement's measurements of the kept m's: round {@code rounds[k]}'s m {@code ms[k]} in X
     * ({@code xBasis[k]}: an announced Bell check) or Z (key update); the outcomes, -1 for a round
     * not listed or whose m was gone, go back to the member ({@link Member.QubitsMeasured}).
     */
    public record MeasureAll(String session, int totalRounds, int[] rounds, List<QubitRef> ms, boolean[] xBasis,
            ActorRef<Authenticator.Command> authenticator, ActorRef<Member.Command> member) implements Command {
    }

    private QubitStore() {
    }

    /** {@code seed}: a measurement draws from the stream of (seed, session#round), whatever ran before it. */
    public static Behavior<Command> create(QuantumRegistry registry, long seed) {
        MemberQubits qubits = new MemberQubits(registry);
        return Behaviors.supervise(Behaviors.receive(Command.class)
                .onMessage(Encode.class, e -> {
                    QubitRef f = qubits.encode(new EprMember.Encode(e.m(), e.basis(), e.value()));
                    e.channel().tell(new QuantumChannel.CarryReturn(e.session(), e.round(), f, e.authenticator()));
                    return Behaviors.same();
                })
                .onMessage(EncodeAll.class, e -> {
                    for (int k = 0; k < e.rounds().length; k++) {
                        QubitRef f = encodeOrNull(qubits, e.ms().get(k), e.bases()[k], e.values()[k]);
                        if (f != null) {
                            e.channel().tell(new QuantumChannel.CarryReturn(e.session(), e.rounds()[k], f, e.authenticator()));
                        }
                    }
                    return Behaviors.same();
                })
                .onMessage(MeasureAll.class, m -> {
                    int[] outcomes = new int[Math.max(0, Math.min(m.totalRounds(), MAX_ROUNDS))];
                    java.util.Arrays.fill(outcomes, -1);
                    for (int k = 0; k < m.rounds().length; k++) {
                        int round = m.rounds()[k];
                        if (round < 0 || round >= outcomes.length) {
                            continue;
                        }
                        EprMember.Step step = m.xBasis()[k] ? new EprMember.BellCheck(m.ms().get(k))
                                : new EprMember.MeasureForUpdate(m.ms().get(k));
                        outcomes[round] = measureOrGone(qubits, step, stream(seed, m.session(), round));
                    }
                    m.member().tell(new Member.QubitsMeasured(m.session(), outcomes, m.authenticator()));
                    return Behaviors.same();
                })
                .build()).onFailure(Exception.class, akka.actor.typed.SupervisorStrategy.resume()); // a stale ref is refused, not fatal
    }

    /** A bound on a settlement's rounds (a session's n is at most |K_c| / 2). */
    private static final int MAX_ROUNDS = 1 << 16;

    /** One round's encode of a batch; a stale or foreign ref is refused (null) without losing the other rounds. */
    private static QubitRef encodeOrNull(MemberQubits qubits, QubitRef m, int basis, int value) {
        try {
            return qubits.encode(new EprMember.Encode(m, basis, value));
        } catch (RuntimeException refused) {
            return null;
        }
    }

    private static int measureOrGone(MemberQubits qubits, EprMember.Step step, SplittableRandom rng) {
        try {
            return qubits.measure(step, rng);
        } catch (RuntimeException refused) {
            return -1;
        }
    }

    private static SplittableRandom stream(long seed, String session, int round) {
        return Streams.of(seed, MemberQubitSide.label(session, round));
    }
}
