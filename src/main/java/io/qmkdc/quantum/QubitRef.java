package io.qmkdc.quantum;

/**
 * A serialisable claim on one qubit: which register, which qubit in it, and the ownership token
 * the {@link QuantumRegistry} issued to the current holder. Plain fields so actors can carry it in
 * messages. Holding a ref is not holding a copy of the state: the registry honours only the latest
 * token, so a ref that was {@link QuantumRegistry#transfer transferred} or released is dead.
 */
public record QubitRef(String registerId, int index, long token) {
    public QubitRef {
        if (registerId == null || registerId.isEmpty()) {
            throw new IllegalArgumentException("registerId must be non-empty");
        }
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, was " + index);
        }
    }

    /** Shows where the qubit is, never the token (a token is a capability). */
    @Override
    public String toString() {
        return registerId + "#" + index;
    }
}
