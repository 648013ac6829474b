package io.qmkdc.qkd;

/**
 * Outcome of Cascade on Bob's side: his corrected key and what it cost. Residual errors are
 * possible and are caught by {@link KeyVerification}, so there is no success flag here.
 *
 * @param correctedKey Bob's key after correction (his copy; Alice's key is never touched)
 * @param leakedBits   parity bits Alice disclosed (each answered range costs one bit)
 * @param roundTrips   oracle calls (request + answer)
 * @param messages     classical messages exchanged (two per round trip)
 * @param passes       Cascade passes run
 * @param correctedBits bits Bob flipped
 */
public record ReconciliationResult(BitVector correctedKey, long leakedBits, int roundTrips, long messages,
                                   int passes, int correctedBits) {

    /**
     * Reconciliation efficiency {@code f = leaked / (n · h2(qber))}; 1 is the Shannon limit
     * (Slepian–Wolf), Martinez-Mateo et al., QIC 15, 453 (2015), eq. 1. NaN when qber is 0 or n is 0.
     */
    public double efficiency(double qber) {
        if (!(qber >= 0 && qber <= 0.5)) {
            throw new IllegalArgumentException("qber must be in [0, 0.5], was " + qber);
        }
        double h = binaryEntropy(qber);
        int n = correctedKey.length();
        return (h == 0 || n == 0) ? Double.NaN : leakedBits / (n * h);
    }

    /** Binary Shannon entropy h2(p) = −p log2 p − (1−p) log2 (1−p). */
    static double binaryEntropy(double p) {
        if (p <= 0 || p >= 1) {
            return 0;
        }
        return -(p * Math.log(p) + (1 - p) * Math.log1p(-p)) / Math.log(2);
    }

    @Override
    public String toString() {
        return "ReconciliationResult[n=" + correctedKey.length() + ", leakedBits=" + leakedBits
                + ", roundTrips=" + roundTrips + ", messages=" + messages + ", passes=" + passes
                + ", correctedBits=" + correctedBits + "]";
    }
}
