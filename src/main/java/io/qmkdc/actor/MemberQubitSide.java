package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import io.qmkdc.quantum.EprMember;
import io.qmkdc.quantum.MemberQubits;
import io.qmkdc.quantum.QuantumRegistry;
import io.qmkdc.quantum.Streams;
import java.util.OptionalInt;

/**
 * Where a member's qubits live, as its {@link AuthenticationResponder} reaches them: in this JVM's
 * {@link QuantumRegistry} ({@link Here}), or beside the KDC's registry on a cluster ({@link AtStore}:
 * the steps travel as {@link QubitStore} messages). Both perform {@link EprMember}'s steps with
 * {@link MemberQubits}; a measurement draws from the stream of (seed, session#round), so its outcome
 * does not depend on which session ran first.
 */
sealed interface MemberQubitSide {

    /** Eq. 9–10; f goes back to the KDC through the member's channel. */
    void encode(Member.PairHalf p, EprMember.Encode e);

    /** The check or update measurement of the kept m: its outcome now, or empty when it arrives by message. */
    OptionalInt measure(Member.SettleRound s, EprMember.Step step);

    static String label(String session, int round) {
        return session + "#" + round;
    }

    /** The member's qubits are in this JVM's registry. */
    record Here(MemberQubits qubits, long seed) implements MemberQubitSide {
        Here(QuantumRegistry registry, long seed) {
            this(new MemberQubits(registry), seed);
        }

        @Override
        public void encode(Member.PairHalf p, EprMember.Encode e) {
            p.channel().tell(new QuantumChannel.CarryReturn(p.session(), p.round(), qubits.encode(e), p.authenticator()));
        }

        @Override
        public OptionalInt measure(Member.SettleRound s, EprMember.Step step) {
            return OptionalInt.of(qubits.measure(step, Streams.of(seed, label(s.session(), s.round()))));
        }
    }

    /**
     * The qubits stay at the KDC host's {@link QubitStore}: a check outcome goes from there to the
     * authenticator, a key-update outcome back to the member ({@link Member.QubitMeasured}).
     */
    record AtStore(ActorRef<QubitStore.Command> store, ActorRef<Member.Command> member) implements MemberQubitSide {
        @Override
        public void encode(Member.PairHalf p, EprMember.Encode e) {
            store.tell(new QubitStore.Encode(p.session(), p.round(), e.m(), e.basis(), e.value(), p.channel(),
                    p.authenticator()));
        }

        @Override
        public OptionalInt measure(Member.SettleRound s, EprMember.Step step) {
            if (step instanceof EprMember.BellCheck c) {
                store.tell(new QubitStore.BellCheck(s.session(), s.round(), c.m(), s.replyTo()));
            } else if (step instanceof EprMember.MeasureForUpdate u) {
                store.tell(new QubitStore.MeasureUpdate(s.session(), s.round(), u.m(), s.replyTo(), member));
            }
            return OptionalInt.empty();
        }
    }
}
