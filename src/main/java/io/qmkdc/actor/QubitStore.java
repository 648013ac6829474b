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
import java.util.SplittableRandom;

/**
 * The qubit states of a multi-node cluster stay in one JVM: the KDC host's {@link QuantumRegistry}
 * (an EPR pair is one state vector). A member on another node holds only {@link QubitRef}s and
 * sends its gates and measurements here (DESIGN §5 step 2, member side); the registry still checks
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

    /** Hardened mode: the member's X-basis Bell check outcome, sent straight to the authenticator. */
    public record BellCheck(String session, int round, QubitRef m, ActorRef<Authenticator.Command> replyTo)
            implements Command {
    }

    /** Key update (eq. 12): the member's measurement of m, back to the member. */
    public record MeasureUpdate(String session, int round, QubitRef m, ActorRef<Authenticator.Command> authenticator,
            ActorRef<Member.Command> member) implements Command {
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
                .onMessage(BellCheck.class, b -> {
                    int outcome = qubits.measure(new EprMember.BellCheck(b.m()), stream(seed, b.session(), b.round()));
                    b.replyTo().tell(new Authenticator.RoundSettled(b.session(), b.round(), outcome));
                    return Behaviors.same();
                })
                .onMessage(MeasureUpdate.class, u -> {
                    int fresh = qubits.measure(new EprMember.MeasureForUpdate(u.m()), stream(seed, u.session(), u.round()));
                    u.member().tell(new Member.QubitMeasured(u.session(), u.round(), fresh, u.authenticator()));
                    return Behaviors.same();
                })
                .build()).onFailure(Exception.class, akka.actor.typed.SupervisorStrategy.resume()); // a stale ref is refused, not fatal
    }

    private static SplittableRandom stream(long seed, String session, int round) {
        return Streams.of(seed, MemberQubitSide.label(session, round));
    }
}
