package io.qmkdc.experiment;

import java.util.Arrays;
import java.util.Objects;

/**
 * An analytic curve for a plot: {@code y(x)} sampled at the points {@code x}, in the same units
 * as the emulated points it is drawn beside (km on x; bits/s, or a fraction for QBER, on y).
 * Arrays are copied in and out, so a Curve is immutable.
 *
 * @param label legend label, e.g. "infinite decoy (GLLP, eq. 13)" or "PLOB bound"
 * @param x     abscissae
 * @param y     ordinates, same length as {@code x}
 */
public record Curve(String label, double[] x, double[] y) {

    public Curve {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y must have the same length, were " + x.length + " and " + y.length);
        }
        x = x.clone();
        y = y.clone();
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    public int size() {
        return x.length;
    }

    /** This curve with every y multiplied by {@code factor} (e.g. 100 to show a fraction in %). */
    public Curve scaledY(double factor) {
        double[] s = y.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] *= factor;
        }
        return new Curve(label, x, s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Curve c && label.equals(c.label) && Arrays.equals(x, c.x) && Arrays.equals(y, c.y);
    }

    @Override
    public int hashCode() {
        return Objects.hash(label, Arrays.hashCode(x), Arrays.hashCode(y));
    }

    @Override
    public String toString() {
        return "Curve[" + label + ", " + x.length + " points]";
    }
}
