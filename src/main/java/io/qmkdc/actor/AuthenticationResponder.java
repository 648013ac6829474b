package io.qmkdc.actor;

import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.EprMember;
import java.util.OptionalInt;

/**
 * The member's part in EPR authentication (DESIGN §5 step 2): carries the KDC's rounds to the pure
 * {@link EprMember} over its K_c and the steps to wherever its qubits live ({@link MemberQubitSide}),
 * and answers the {@link Authenticator}. Holds no protocol logic of its own.
 */
final class AuthenticationResponder {
    private final EprMember epr;
    private final MemberQubitSide qubits;

    AuthenticationResponder(BitVector kc, MemberQubitSide qubits) {
        this.epr = new EprMember(kc);
        this.qubits = qubits;
    }

    /** m of a round arrived: encode f from K_c and send it back (a round past K_c is not answered; the session times out). */
    void onPairHalf(Member.PairHalf p) {
        if (epr.encode(p.round(), p.qubit()) instanceof EprMember.Encode e) {
            qubits.encode(p, e);
        }
    }

    /** The KDC settles a round: measure the kept m for the announced check or for the key update. */
    void onSettle(Member.SettleRound s) {
        EprMember.Step step = epr.settle(s.round(), s.check());
        if (step instanceof EprMember.NoPair) {
            s.replyTo().tell(new Authenticator.RoundSettled(s.session(), s.round(), -1));
            return;
        }
        OptionalInt outcome = qubits.measure(s, step);
        if (outcome.isPresent()) {
            answer(s.session(), s.round(), step instanceof EprMember.BellCheck, outcome.getAsInt(), s.replyTo());
        }
    }

    /** The store's key-update measurement of m (-1: m was gone). */
    void onMeasured(Member.QubitMeasured q) {
        answer(q.session(), q.round(), false, q.fresh(), q.replyTo());
    }

    /** The KDC's verdict: install the updated K_c (eq. 12) or keep the old one. */
    void onResult(Member.AuthenticationResult r) {
        epr.concluded(r.passed());
    }

    private void answer(String session, int round, boolean check, int outcome,
            akka.actor.typed.ActorRef<Authenticator.Command> replyTo) {
        if (check) {
            replyTo.tell(new Authenticator.RoundSettled(session, round, outcome));
            return;
        }
        replyTo.tell(new Authenticator.RoundSettled(session, round, epr.updated(round, outcome) ? 0 : -1));
    }
}
