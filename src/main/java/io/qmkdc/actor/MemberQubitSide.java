package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import io.qmkdc.quantum.EprMember;
import io.qmkdc.quantum.MemberQubits;
import io.qmkdc.quantum.QuantumRegistry;
import io.qmkdc.quantum.Streams;
import java.util.List;
import java.util.Optional;

/**
 * Where a member's qubits live, as its {@link AuthenticationResponder} reaches them: in this JVM's
 * {@link QuantumRegistry} ({@link Here}), or beside the KDC's registry on a cluster ({@link AtStore}:
 * the steps travel as {@link QubitStore} messages, all rounds of a session in one). Both perform
 * {@link EprMember}'s steps with {@link MemberQubits}; a measurement draws from the stream of
 * (seed, session#round), so its outcome does not depend on which session or round ran first.
 */
sealed interface MemberQubitSide {

    /** Eq. 9–10 for one round; f goes back to the KDC through the member's channel. */
    void encode(Member.PairHalf p, EprMember.Encode e);

    /** Eq. 9–10 for the rounds {@code rounds} (encodes.get(k) is round rounds[k]); each f goes back through the channel. */
    void encodeAll(Member.PairHalves p, int[] rounds, List<EprMember.Encode> encodes);

    /**
     * The check or update measurements of the kept m's, step i for round i (-1 for a round without
     * one): the outcomes now, or empty when they arrive by message ({@link Member.QubitsMeasured}).
     */
    Optional<int[]> measureAll(Member.SettleRounds s, List<EprMember.Step> steps);

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
        public void encodeAll(Member.PairHalves p, int[] rounds, List<EprMember.Encode> encodes) {
            for (int k = 0; k < rounds.length; k++) {
                p.channel().tell(new QuantumChannel.CarryReturn(p.session(), rounds[k], qubits.encode(encodes.get(k)),
                        p.authenticator()));
            }
        }

        @Override
        public Optional<int[]> measureAll(Member.SettleRounds s, List<EprMember.Step> steps) {
            int[] outcomes = new int[steps.size()];
            for (int i = 0; i < outcomes.length; i++) {
                outcomes[i] = qubits.measure(steps.get(i), Streams.of(seed, label(s.session(), i)));
            }
            return Optional.of(outcomes);
        }
    }

    /**
     * The qubits stay at the KDC host's {@link QubitStore}: one message there encodes every round's f,
     * one measures every kept m, and the outcomes come back to the member in one message.
     */
    record AtStore(ActorRef<QubitStore.Command> store, ActorRef<Member.Command> member) implements MemberQubitSide {
        @Override
        public void encode(Member.PairHalf p, EprMember.Encode e) {
            store.tell(new QubitStore.Encode(p.session(), p.round(), e.m(), e.basis(), e.value(), p.channel(),
                    p.authenticator()));
        }

        @Override
        public void encodeAll(Member.PairHalves p, int[] rounds, List<EprMember.Encode> encodes) {
            if (rounds.length == 0) {
                return;
            }
            int[] bases = new int[rounds.length];
            int[] values = new int[rounds.length];
            List<io.qmkdc.quantum.QubitRef> ms = new java.util.ArrayList<>(rounds.length);
            for (int k = 0; k < rounds.length; k++) {
                ms.add(encodes.get(k).m());
                bases[k] = encodes.get(k).basis();
                values[k] = encodes.get(k).value();
            }
            store.tell(new QubitStore.EncodeAll(p.session(), rounds, ms, bases, values, p.channel(), p.authenticator()));
        }

        @Override
        public Optional<int[]> measureAll(Member.SettleRounds s, List<EprMember.Step> steps) {
            int n = 0;
            for (EprMember.Step step : steps) {
                if (!(step instanceof EprMember.NoPair)) {
                    n++;
                }
            }
            int[] rounds = new int[n];
            boolean[] x = new boolean[n];
            List<io.qmkdc.quantum.QubitRef> ms = new java.util.ArrayList<>(n);
            int k = 0;
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i) instanceof EprMember.BellCheck c) {
                    rounds[k] = i;
                    x[k++] = true;
                    ms.add(c.m());
                } else if (steps.get(i) instanceof EprMember.MeasureForUpdate u) {
                    rounds[k] = i;
                    x[k++] = false;
                    ms.add(u.m());
                }
            }
            store.tell(new QubitStore.MeasureAll(s.session(), steps.size(), rounds, ms, x, s.replyTo(), member));
            return Optional.empty();
        }
    }
}
