package io.qmkdc.experiment;

/**
 * A measured value with its standard error, as produced by repeated emulator runs
 * (mean over runs and the standard error of that mean). {@code NaN} value means "not measured";
 * {@code NaN} or zero standard error means "no error bar".
 *
 * @param value         the estimate
 * @param standardError one standard error of {@code value}, ≥ 0 or NaN
 */
public record Estimate(double value, double standardError) {

    /** Not measured: both fields NaN. */
    public static final Estimate NONE = new Estimate(Double.NaN, Double.NaN);

    public Estimate {
        if (standardError < 0) {
            throw new IllegalArgumentException("standardError must be >= 0 or NaN, was " + standardError);
        }
    }

    /** A value known exactly (analytic, or a single run): no error bar. */
    public static Estimate exact(double value) {
        return new Estimate(value, 0.0);
    }

    public static Estimate of(double value, double standardError) {
        return new Estimate(value, standardError);
    }

    public boolean isMeasured() {
        return !Double.isNaN(value);
    }

    /** The standard error, 0 when unknown, so it can be drawn as an error bar. */
    public double errorBar() {
        return Double.isNaN(standardError) ? 0.0 : standardError;
    }

    /** Both fields multiplied by {@code factor} (e.g. 100 for a fraction shown in %). */
    public Estimate scaled(double factor) {
        return new Estimate(value * factor, standardError * Math.abs(factor));
    }
}
