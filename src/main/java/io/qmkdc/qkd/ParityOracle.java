package io.qmkdc.qkd;

/**
 * Alice's side of Cascade as seen by Bob: answers one batch of parity questions per call, so one
 * call is one classical round trip. A network transport (an actor pair) implements this later;
 * in-process {@link CascadeResponder} answers directly.
 */
public interface ParityOracle {
    /**
     * Parities of Alice's key over the requested ranges.
     *
     * @return bit {@code i} = parity of range {@code i} of the request, in that pass's shuffled order
     */
    BitVector parities(ParityRequest request);
}
