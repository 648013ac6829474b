package io.qmkdc.quantum;

import java.util.random.RandomGenerator;

/**
 * Performs {@link EprMember}'s steps on the registry that holds the member's qubits: the member's
 * own in one JVM, the KDC host's behind a qubit store on a cluster. The registry checks each ref's
 * ownership token, so only the holder of m can act on it, and a moved qubit's old ref is dead.
 */
public final class MemberQubits {
    private final QuantumRegistry registry;

    public MemberQubits(QuantumRegistry registry) {
        this.registry = registry;
    }

    /** Eq. 9–10; returns f, held by m's holder, to send back. */
    public QubitRef encode(EprMember.Encode e) {
        return EprAuthentication.memberEncode(registry, e.m(), e.basis(), e.value());
    }

    /** The X (check) or Z (key update) outcome of the kept m, destroying it; -1 when m is gone (stale ref). */
    public int measure(EprMember.Step step, RandomGenerator rng) {
        if (step instanceof EprMember.BellCheck c) {
            return registry.isLive(c.m()) ? EprAuthentication.bellCheckOutcome(registry, c.m(), rng) : -1;
        }
        if (step instanceof EprMember.MeasureForUpdate u) {
            return registry.isLive(u.m()) ? EprAuthentication.updatedFirstBit(registry, u.m(), rng) : -1;
        }
        return -1;
    }
}
