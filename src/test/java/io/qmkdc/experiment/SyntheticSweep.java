package io.qmkdc.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * Made-up sweep data shaped like the real thing (rates falling by α = 0.21 dB/km, QBER rising
 * as dark counts take over), for exercising plots and reports. Not physics: no test checks
 * these numbers against theory.
 */
final class SyntheticSweep {

    static final String MODE = "vacuum+weak decoy";
    static final String[] CURVE_LABELS = {"infinite decoy", "vacuum+weak", "finite key N=1e10", "PLOB bound"};

    private SyntheticSweep() {
    }

    static List<SweepPoint> distancePoints() {
        List<SweepPoint> pts = new ArrayList<>();
        for (int l = 0; l <= 140; l += 20) {
            double t = Math.pow(10, -0.021 * l);
            double sifted = 1e7 * t;
            double qber = 0.033 + 1e-4 / t;
            double secure = l >= 140 ? 0.0 : 0.7 * sifted * Math.max(0, 1 - 8 * qber);
            pts.add(new SweepPoint(l, MODE, Double.NaN,
                    Estimate.of(2e-2 * t, 1e-4 * t),
                    Estimate.of(qber, 0.002),
                    Estimate.of(sifted, 0.02 * sifted),
                    Estimate.of(secure, 0.05 * secure + 10),
                    Estimate.of(secure / 1e9, 0.05 * secure / 1e9),
                    Estimate.of(qber * sifted, 0.03 * qber * sifted)));
        }
        return pts;
    }

    static List<Curve> keyRateCurves() {
        List<Curve> cs = new ArrayList<>();
        double[] x = new double[151];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        double[] scale = {1.2, 1.0, 0.6, 40};
        for (int c = 0; c < CURVE_LABELS.length; c++) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = scale[c] * 5e6 * Math.pow(10, -0.021 * x[i]) * (c < 3 && x[i] > 142 ? 0 : 1);
            }
            cs.add(new Curve(CURVE_LABELS[c], x, y));
        }
        return cs;
    }

    static Curve qberCurve() {
        double[] x = new double[141];
        double[] y = new double[141];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            y[i] = 0.033 + 1e-3 * Math.pow(10, 0.021 * i);
        }
        return new Curve("analytic QBER", x, y);
    }

    static List<SweepPoint> evePoints(double distanceKm) {
        List<SweepPoint> pts = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            double p = i / 10.0;
            double qber = 0.035 + p / 4;
            double key = Math.max(0, 2e-4 * (1 - 9 * p));
            pts.add(new SweepPoint(distanceKm, "intercept-resend", p, Estimate.NONE,
                    Estimate.of(qber, 0.003), Estimate.NONE, Estimate.NONE,
                    Estimate.of(key, 1e-5), Estimate.NONE));
        }
        return pts;
    }
}
