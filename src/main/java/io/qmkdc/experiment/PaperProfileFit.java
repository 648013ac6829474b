package io.qmkdc.experiment;

import io.qmkdc.optics.LinkProfile;
import io.qmkdc.qkd.KeyRateModel;
import io.qmkdc.qkd.KeyRateModel.DecoyMode;
import java.util.ArrayList;
import java.util.List;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.util.Pair;

/**
 * Least-squares fit of a link profile to the paper's figure 10 (Wu et al. 2020, §3.3): sifted
 * 1395.64 and 121.36 kbit/s, secure 993 and 82 kbit/s at 35 and 80 km. Free parameters: clock rate,
 * α, μ and e_d; η_det, Y0, f, q, ν and the intensity probabilities are held at the base profile's
 * values (the clock and η_det only enter as a product, so one of them must be fixed). Residuals are
 * log(model / paper), minimised with Levenberg–Marquardt (Hipparchus); the secure rate is GLLP with
 * infinite decoys (paper eq. 13). The fit then predicts the QBER the paper's figures 11–12 report,
 * which shows where the paper's numbers cannot all hold at once.
 */
public final class PaperProfileFit {
    /** Figure 10 points: distance km, sifted kbit/s, secure kbit/s. */
    public static final double[][] FIGURE_10 = {{35, 1395.64, 993}, {80, 121.36, 82}};
    /** Figure 11 points: distance km, QBER, errors kbit/s. */
    public static final double[][] FIGURE_11 = {{35, 0.03, 28.24}, {50, 0.062, 32.86}};
    /** Figure 12 points: secure kbit/s, QBER, errors kbit/s. */
    public static final double[][] FIGURE_12 = {{1500, 0.014, 21}, {600, 0.042, 25.28}};

    /** One compared quantity: the paper's value, ours, and the relative residual. */
    public record Comparison(String figure, String quantity, double at, double paper, double ours, double relativeResidual) {
    }

    /** The fitted profile, the parameters it implies and every comparison with the paper. */
    public record Result(LinkProfile profile, double repetitionRateHz, double mu, double alphaDbPerKm,
            double detectorEfficiency, double misalignmentError, double rmsLogResidual, int iterations,
            List<Comparison> comparisons) {
    }

    private PaperProfileFit() {
    }

    /** Fits starting from {@code base} (its η_det, Y0, f, q, ν and probabilities are kept). */
    public static Result fit(LinkProfile base) {
        double[] start = {Math.log(1e9), 0.21, 0.3, 0.01};
        LeastSquaresBuilder problem = new LeastSquaresBuilder()
                .start(start)
                .target(new double[4])
                .model(point -> valueAndJacobian(base, point))
                .parameterValidator(PaperProfileFit::clamp)
                .maxEvaluations(10_000)
                .maxIterations(1_000);
        LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(problem.build());
        double[] p = clamp(optimum.getPoint()).toArray();
        LinkProfile fitted = profile(base, p);
        return new Result(fitted, fitted.repetitionRateHz(), fitted.signalMu(), fitted.fiberLossDbPerKm(),
                fitted.detectorEfficiency(), fitted.misalignmentError(), optimum.getRMS(), optimum.getIterations(),
                compare(fitted));
    }

    /** Every published number beside the fitted profile's analytic value. */
    public static List<Comparison> compare(LinkProfile p) {
        KeyRateModel model = new KeyRateModel(p);
        List<Comparison> out = new ArrayList<>();
        for (double[] f : FIGURE_10) {
            KeyRateModel.Point pt = model.at(f[0], DecoyMode.INFINITE, p.signalMu());
            out.add(comparison("fig. 10", "sifted kbit/s", f[0], f[1], pt.siftedBitsPerSecond() / 1e3));
            out.add(comparison("fig. 10", "secure kbit/s", f[0], f[2], pt.secureBitsPerSecond() / 1e3));
        }
        for (double[] f : FIGURE_11) {
            KeyRateModel.Point pt = model.at(f[0], DecoyMode.INFINITE, p.signalMu());
            out.add(comparison("fig. 11", "QBER", f[0], f[1], pt.qber()));
            out.add(comparison("fig. 11", "errors kbit/s", f[0], f[2], pt.qber() * pt.siftedBitsPerSecond() / 1e3));
        }
        for (double[] f : FIGURE_12) {
            double km = distanceForSecureRate(model, p.signalMu(), f[0] * 1e3);
            KeyRateModel.Point pt = model.at(km, DecoyMode.INFINITE, p.signalMu());
            out.add(comparison("fig. 12", "QBER at secure kbit/s", f[0], f[1], pt.qber()));
            out.add(comparison("fig. 12", "errors kbit/s at secure kbit/s", f[0], f[2],
                    pt.qber() * pt.siftedBitsPerSecond() / 1e3));
        }
        return out;
    }

    private static Comparison comparison(String figure, String quantity, double at, double paper, double ours) {
        return new Comparison(figure, quantity, at, paper, ours, ours / paper - 1);
    }

    /** The distance at which the secure rate equals {@code bitsPerSecond} (bisection; rates fall with km). */
    static double distanceForSecureRate(KeyRateModel model, double mu, double bitsPerSecond) {
        double lo = 0;
        double hi = 300;
        if (model.at(lo, DecoyMode.INFINITE, mu).secureBitsPerSecond() < bitsPerSecond) {
            return 0;
        }
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (model.at(mid, DecoyMode.INFINITE, mu).secureBitsPerSecond() > bitsPerSecond) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static LinkProfile profile(LinkProfile base, double[] p) {
        return new LinkProfile("paper", p[1], base.detectorEfficiency(), base.darkCountProbability(), p[3],
                base.errorCorrectionEfficiency(), base.basisSiftingFactor(), base.wavelengthNm(), Math.exp(p[0]),
                p[2], Math.min(base.decoyNu(), p[2] / 2), base.signalProbability(), base.decoyProbability(),
                base.qberThreshold());
    }

    private static double[] residuals(LinkProfile base, double[] p) {
        LinkProfile prof = profile(base, p);
        KeyRateModel model = new KeyRateModel(prof);
        double[] r = new double[4];
        for (int i = 0; i < FIGURE_10.length; i++) {
            KeyRateModel.Point pt = model.at(FIGURE_10[i][0], DecoyMode.INFINITE, prof.signalMu());
            r[2 * i] = Math.log(Math.max(pt.siftedBitsPerSecond(), 1e-300) / (FIGURE_10[i][1] * 1e3));
            r[2 * i + 1] = Math.log(Math.max(pt.secureBitsPerSecond(), 1e-3) / (FIGURE_10[i][2] * 1e3));
        }
        return r;
    }

    /** Residuals and their forward-difference Jacobian. */
    private static Pair<RealVector, org.hipparchus.linear.RealMatrix> valueAndJacobian(LinkProfile base, RealVector point) {
        double[] p = point.toArray();
        double[] r0 = residuals(base, p);
        double[][] jac = new double[r0.length][p.length];
        for (int j = 0; j < p.length; j++) {
            double h = 1e-6 * Math.max(1, Math.abs(p[j]));
            double[] q = p.clone();
            q[j] += h;
            double[] r1 = residuals(base, q);
            for (int i = 0; i < r0.length; i++) {
                jac[i][j] = (r1[i] - r0[i]) / h;
            }
        }
        return new Pair<>(new ArrayRealVector(r0), new Array2DRowRealMatrix(jac, false));
    }

    /** Keeps the search physical: clock 1 kHz–100 GHz, α 0.1–1 dB/km, μ 0.01–1.5, e_d 0–0.2. */
    private static RealVector clamp(RealVector v) {
        double[] p = v.toArray();
        p[0] = Math.min(Math.max(p[0], Math.log(1e3)), Math.log(1e11));
        p[1] = Math.min(Math.max(p[1], 0.1), 1.0);
        p[2] = Math.min(Math.max(p[2], 0.01), 1.5);
        p[3] = Math.min(Math.max(p[3], 0.0), 0.2);
        return new ArrayRealVector(p);
    }
}
