package io.qmkdc.qkd;

/**
 * Cascade error reconciliation (Brassard &amp; Salvail, EUROCRYPT '93) with a synchronous
 * {@link ParityOracle} for Alice: a loop over a {@link CascadeSession}, which holds the algorithm
 * and is driven step by step where a thread must not block (an actor).
 */
public final class Cascade {
    private Cascade() {
    }

    /**
     * Corrects a copy of Bob's key against Alice's through {@code oracle}; {@code noisyKey} is not
     * modified. Both parties must use the same {@code schedule} and {@code shuffle}.
     */
    public static ReconciliationResult reconcile(BitVector noisyKey, CascadeSchedule schedule,
                                                 CascadeShuffle shuffle, ParityOracle oracle) {
        return reconcile(noisyKey, schedule, shuffle, oracle, CascadeSession.Batching.DEFERRED);
    }

    /** As {@link #reconcile(BitVector, CascadeSchedule, CascadeShuffle, ParityOracle)}, with the given batching. */
    public static ReconciliationResult reconcile(BitVector noisyKey, CascadeSchedule schedule, CascadeShuffle shuffle,
                                                 ParityOracle oracle, CascadeSession.Batching batching) {
        CascadeSession session = CascadeSession.start(noisyKey, schedule, shuffle, batching);
        while (true) {
            CascadeSession.Step step = session.next();
            if (step instanceof CascadeSession.Done done) {
                return done.result();
            }
            ParityRequest request = ((CascadeSession.Ask) step).request();
            BitVector answer = oracle.parities(request);
            if (answer.length() != request.size()) {
                throw new IllegalArgumentException("oracle answered " + answer.length() + " parities for "
                        + request.size() + " questions");
            }
            session.answer(answer);
        }
    }

    /**
     * Both parties in one process: Alice's {@link CascadeResponder} answers Bob directly, with
     * shuffles from {@code publicSeed}; her shuffled copies are wiped afterwards.
     */
    public static ReconciliationResult reconcileInProcess(BitVector alice, BitVector bob, CascadeSchedule schedule,
                                                          long publicSeed) {
        CascadeShuffle shuffle = CascadeShuffle.create(alice.length(), schedule.passes(), publicSeed);
        CascadeResponder responder = new CascadeResponder(alice, shuffle);
        try {
            return reconcile(bob, schedule, shuffle, responder);
        } finally {
            responder.wipe();
        }
    }
}
