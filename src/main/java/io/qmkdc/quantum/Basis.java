package io.qmkdc.quantum;

/** Measurement basis: Z (rectilinear, |0>/|1>) or X (diagonal, |+>/|->). */
public enum Basis {
    Z,
    X;

    /** Basis from an authentication key bit, paper §2.6: 0 = Z, 1 = X. */
    public static Basis fromBit(int bit) {
        if (bit != 0 && bit != 1) {
            throw new IllegalArgumentException("basis bit must be 0 or 1, was " + bit);
        }
        return bit == 0 ? Z : X;
    }
}
