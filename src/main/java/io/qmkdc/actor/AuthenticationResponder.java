package io.qmkdc.actor;

import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.EprMember;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The member's part in EPR authentication (DESIGN §5 step 2): carries the KDC's rounds to the pure
 * {@link EprMember} over its K_c and the steps to wherever its qubits live ({@link MemberQubitSide}),
 * and answers the {@link Authenticator}. Holds no protocol logic of its own.
 */
final class AuthenticationResponder {
    private final EprMember epr;
    private final MemberQubitSide qubits;
    /** A settlement whose measurements travel by message (the store's), by session. */
    private final Map<String, List<EprMember.Step>> measuring = new HashMap<>();

    AuthenticationResponder(BitVector kc, MemberQubitSide qubits) {
        this.epr = new EprMember(kc);
        this.qubits = qubits;
    }

    /** m of one round arrived (through a tap): encode f from K_c and send it back (a round past K_c is not answered; the session times out). */
    void onPairHalf(Member.PairHalf p) {
        if (epr.encode(p.round(), p.qubit()) instanceof EprMember.Encode e) {
            qubits.encode(p, e);
        }
    }

    /** The m of every round arrived: encode each f and send them back together. */
    void onPairHalves(Member.PairHalves p) {
        List<Integer> rounds = new ArrayList<>();
        List<EprMember.Encode> encodes = new ArrayList<>();
        for (int i = 0; i < p.qubits().size(); i++) {
            if (epr.encode(i, p.qubits().get(i)) instanceof EprMember.Encode e) {
                rounds.add(i);
                encodes.add(e);
            }
        }
        qubits.encodeAll(p, rounds.stream().mapToInt(Integer::intValue).toArray(), encodes);
    }

    /** The KDC settles all rounds: measure each kept m for its announced check or for the key update. */
    void onSettle(Member.SettleRounds s) {
        List<EprMember.Step> steps = epr.settleAll(s.checks());
        Optional<int[]> outcomes = qubits.measureAll(s, steps);
        if (outcomes.isPresent()) {
            answer(s.session(), steps, outcomes.get(), s.replyTo());
        } else {
            measuring.put(s.session(), steps);
        }
    }

    /** The store's measurements of a settlement. */
    void onMeasured(Member.QubitsMeasured q) {
        List<EprMember.Step> steps = measuring.remove(q.session());
        if (steps != null && q.outcomes() != null && q.outcomes().length == steps.size()) {
            answer(q.session(), steps, q.outcomes(), q.replyTo());
        }
    }

    /** The KDC's verdict: install the updated K_c (eq. 12) or keep the old one. */
    void onResult(Member.AuthenticationResult r) {
        measuring.remove(r.session());
        epr.concluded(r.passed());
    }

    private void answer(String session, List<EprMember.Step> steps, int[] outcomes,
            akka.actor.typed.ActorRef<Authenticator.Command> replyTo) {
        int[] answers = new int[steps.size()];
        for (int i = 0; i < answers.length; i++) {
            answers[i] = epr.answer(i, steps.get(i), outcomes[i]);
        }
        replyTo.tell(new Authenticator.RoundsSettled(session, answers));
    }
}
