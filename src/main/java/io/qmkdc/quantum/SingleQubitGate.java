package io.qmkdc.quantum;

/**
 * A 2x2 unitary {@code [[u00, u01], [u10, u11]]} with complex entries stored as (re, im) pairs.
 * Construction checks unitarity (U†U = I within 1e-9) so a typo cannot break normalisation.
 */
public record SingleQubitGate(
        double u00re, double u00im, double u01re, double u01im,
        double u10re, double u10im, double u11re, double u11im) {

    private static final double S = Math.sqrt(0.5);

    /** Hadamard: |0> ↦ |+>, |1> ↦ |->. */
    public static final SingleQubitGate H = new SingleQubitGate(S, 0, S, 0, S, 0, -S, 0);
    /** Bit flip σ_x. */
    public static final SingleQubitGate X = new SingleQubitGate(0, 0, 1, 0, 1, 0, 0, 0);
    /** Phase flip σ_z. */
    public static final SingleQubitGate Z = new SingleQubitGate(1, 0, 0, 0, 0, 0, -1, 0);

    public SingleQubitGate {
        // Columns c0 = (u00, u10), c1 = (u01, u11) must be orthonormal.
        double n0 = u00re * u00re + u00im * u00im + u10re * u10re + u10im * u10im;
        double n1 = u01re * u01re + u01im * u01im + u11re * u11re + u11im * u11im;
        // <c0|c1> = conj(u00)·u01 + conj(u10)·u11
        double ipRe = u00re * u01re + u00im * u01im + u10re * u11re + u10im * u11im;
        double ipIm = u00re * u01im - u00im * u01re + u10re * u11im - u10im * u11re;
        if (Math.abs(n0 - 1) > 1e-9 || Math.abs(n1 - 1) > 1e-9 || Math.hypot(ipRe, ipIm) > 1e-9) {
            throw new IllegalArgumentException("gate matrix must be unitary (columns orthonormal within 1e-9)");
        }
    }

    /** Real rotation {@code [[cos θ, -sin θ], [sin θ, cos θ]]}, e.g. a polarisation rotation. */
    public static SingleQubitGate rotation(double theta) {
        double c = Math.cos(theta);
        double s = Math.sin(theta);
        return new SingleQubitGate(c, 0, -s, 0, s, 0, c, 0);
    }
}
