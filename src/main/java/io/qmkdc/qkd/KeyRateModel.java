package io.qmkdc.qkd;

import io.qmkdc.optics.LinkProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * Analytic BB84 key rate with weak coherent pulses (paper eq. 13): GLLP
 * R = q { −Q_μ f h2(E_μ) + Q1 [1 − h2(e1)] } per pulse (Gottesman, Lo, Lütkenhaus, Preskill,
 * QIC 4, 325 (2004); Lo, Ma, Chen, PRL 94, 230504 (2005) eq. (1)), with the detector model
 * Q_μ = 1 − (1−Y0) e^{−ημ}, E_μ Q_μ = e0 Y0 + e_d (1 − e^{−ημ}), η = t·η_det.
 *
 * <p>The emulator's receiver has two detectors and gives double clicks a random bit; its exact QBER
 * differs from E_μ here by a double-click term of order Y0·η·μ, negligible for the GYS numbers.
 *
 * <p>Convention: per-pulse figures are per signal pulse (as in LMC 2005); per-second figures are
 * per-pulse × repetition rate × signal probability, since only signal pulses give key in the emulator.
 */
public final class KeyRateModel {

    /** How Q1 and e1 are obtained. */
    public enum DecoyMode {
        /** Infinitely many decoys: the true Y1, e1 (LMC 2005). */
        INFINITE,
        /** Vacuum + one weak decoy ν, Ma et al. PRA 72, 012326 (2005) bounds from expected gains. */
        VACUUM_WEAK,
        /** No decoys: GLLP with single-photon fraction Δ1 = 1 − P_multi/Q_μ, e1 ≤ E_μ/Δ1 (GLLP 2004, sec. 5). */
        NONE
    }

    /** One distance of a sweep; per-pulse and per-second figures as described on the class. */
    public record Point(double distanceKm, double mu, double nu, double gain, double qber, double y1Lower,
            double e1Upper, double siftedPerPulse, double siftedBitsPerSecond, double securePerPulse,
            double secureBitsPerSecond, double plobPerPulse) {
    }

    private static final double MU_MIN = 1e-5;
    private static final double MU_MAX = 1.5;
    private static final int GRID = 80;

    private final LinkProfile profile;

    public KeyRateModel(LinkProfile profile) {
        this.profile = profile;
    }

    public LinkProfile profile() {
        return profile;
    }

    /** Q_μ = 1 − (1 − Y0) e^{−ημ} (LMC 2005, exact form). */
    public double gain(double mu, double eta) {
        return 1 - (1 - profile.darkCountProbability()) * Math.exp(-eta * mu);
    }

    /** E_μ Q_μ = e0 Y0 + e_d (1 − e^{−ημ}) (LMC 2005). */
    public double errorGain(double mu, double eta) {
        return DecoyAnalysis.E0 * profile.darkCountProbability() + profile.misalignmentError() * -Math.expm1(-eta * mu);
    }

    /** Repeaterless bound −log2(1 − η) per pulse (Pirandola, Laurenza, Ottaviani, Banchi, Nat. Commun. 8, 15043 (2017)). */
    public double plobPerPulse(double distanceKm) {
        return -Math.log1p(-profile.overallTransmittance(distanceKm)) / Math.log(2);
    }

    /** Raw (possibly negative) secure bits per signal pulse at μ, paper eq. 13 / LMC 2005 eq. (1). */
    public double securePerPulse(double distanceKm, double mu, DecoyMode mode) {
        return evaluate(distanceKm, mu, mode)[0];
    }

    /** {R, Q_μ, E_μ, Y1 (or bound), e1 (or bound)}. */
    private double[] evaluate(double distanceKm, double mu, DecoyMode mode) {
        if (!(mu > 0)) {
            throw new IllegalArgumentException("mu must be > 0, was " + mu);
        }
        double eta = profile.overallTransmittance(distanceKm);
        double y0 = profile.darkCountProbability();
        double q = gain(mu, eta);
        double e = errorGain(mu, eta) / q;
        double y1;
        double e1;
        double q1;
        switch (mode) {
            case INFINITE -> {
                DecoyAnalysis.Bounds b = DecoyAnalysis.infinite(mu, y0, eta, profile.misalignmentError());
                y1 = b.y1Lower();
                e1 = b.e1Upper();
                q1 = b.q1Lower();
            }
            case VACUUM_WEAK -> {
                double nu = profile.decoyNu();
                if (!(mu > nu)) {
                    return new double[] {Double.NEGATIVE_INFINITY, q, e, 0, 1};
                }
                DecoyAnalysis.Bounds b = DecoyAnalysis.vacuumWeak(mu, nu, q, gain(nu, eta), errorGain(nu, eta), y0);
                y1 = b.y1Lower();
                e1 = b.e1Upper();
                q1 = b.q1Lower();
            }
            case NONE -> {
                double multi = -Math.expm1(-mu) - mu * Math.exp(-mu);
                double delta1 = 1 - multi / q;
                q1 = Math.max(0.0, q * delta1);
                e1 = delta1 > 0 ? Math.min(1.0, e / delta1) : 1.0;
                y1 = q1 / (mu * Math.exp(-mu));
            }
            default -> throw new IllegalStateException();
        }
        double r = profile.basisSiftingFactor()
                * (-q * profile.errorCorrectionEfficiency() * EstimationMath.h2(e) + q1 * (1 - EstimationMath.h2(e1)));
        return new double[] {r, q, e, y1, e1};
    }

    /** μ maximising R at this distance: log grid on [1e-5, 1.5] (above ν for VACUUM_WEAK), then golden section. */
    public double optimalMu(double distanceKm, DecoyMode mode) {
        double lo = mode == DecoyMode.VACUUM_WEAK ? profile.decoyNu() * 1.0001 : MU_MIN;
        double ratio = Math.pow(MU_MAX / lo, 1.0 / (GRID - 1));
        int best = 0;
        double bestR = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < GRID; i++) {
            double r = securePerPulse(distanceKm, lo * Math.pow(ratio, i), mode);
            if (r > bestR) {
                bestR = r;
                best = i;
            }
        }
        double a = lo * Math.pow(ratio, Math.max(0, best - 1));
        double b = lo * Math.pow(ratio, Math.min(GRID - 1, best + 1));
        double g = (Math.sqrt(5) - 1) / 2;
        double c = b - g * (b - a);
        double d = a + g * (b - a);
        double fc = securePerPulse(distanceKm, c, mode);
        double fd = securePerPulse(distanceKm, d, mode);
        for (int it = 0; it < 60 && b - a > 1e-9 * b; it++) {
            if (fc > fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - g * (b - a);
                fc = securePerPulse(distanceKm, c, mode);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + g * (b - a);
                fd = securePerPulse(distanceKm, d, mode);
            }
        }
        return (a + b) / 2;
    }

    /** The point at {@code distanceKm} with the profile's μ, or the optimal μ when the profile's is NaN. */
    public Point at(double distanceKm, DecoyMode mode) {
        double mu = Double.isNaN(profile.signalMu()) ? optimalMu(distanceKm, mode) : profile.signalMu();
        return at(distanceKm, mode, mu);
    }

    /** The point at {@code distanceKm} with signal intensity {@code mu}; secure rates floored at 0. */
    public Point at(double distanceKm, DecoyMode mode, double mu) {
        if (!(distanceKm >= 0)) {
            throw new IllegalArgumentException("distanceKm must be >= 0, was " + distanceKm);
        }
        double[] v = evaluate(distanceKm, mu, mode);
        double perSecond = profile.repetitionRateHz() * profile.signalProbability();
        double sifted = profile.basisSiftingFactor() * v[1];
        double secure = Math.max(0.0, v[0]);
        double nu = mode == DecoyMode.VACUUM_WEAK ? profile.decoyNu() : Double.NaN;
        return new Point(distanceKm, mu, nu, v[1], v[2], v[3], v[4], sifted, sifted * perSecond, secure,
                secure * perSecond, plobPerPulse(distanceKm));
    }

    /** Points from {@code fromKm} to {@code toKm} inclusive in steps of {@code stepKm}. */
    public List<Point> sweep(double fromKm, double toKm, double stepKm, DecoyMode mode) {
        if (!(stepKm > 0) || !(toKm >= fromKm)) {
            throw new IllegalArgumentException("need stepKm > 0 and toKm >= fromKm");
        }
        List<Point> out = new ArrayList<>();
        int steps = (int) Math.floor((toKm - fromKm) / stepKm + 1e-9);
        for (int i = 0; i <= steps; i++) {
            out.add(at(fromKm + i * stepKm, mode));
        }
        return out;
    }

    /** Distance where the rate with optimal μ reaches 0 (bisection to 1 m); 0 if no key even at 0 km. */
    public double cutoffKm(DecoyMode mode) {
        if (bestRate(0, mode) <= 0) {
            return 0.0;
        }
        double lo = 0;
        double hi = 10;
        while (bestRate(hi, mode) > 0) {
            lo = hi;
            hi += 10;
            if (hi > 2000) {
                return Double.POSITIVE_INFINITY;
            }
        }
        while (hi - lo > 1e-3) {
            double mid = (lo + hi) / 2;
            if (bestRate(mid, mode) > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private double bestRate(double distanceKm, DecoyMode mode) {
        return securePerPulse(distanceKm, optimalMu(distanceKm, mode), mode);
    }
}
