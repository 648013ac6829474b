package io.qmkdc.experiment;

import java.util.Objects;

/**
 * One row of the report's comparison table: a number the paper published beside ours.
 * Both are in {@code unit}; the residual is measured in our standard errors, because the paper
 * states no uncertainty (its numbers are read off its figures).
 *
 * @param figure            where the paper shows it, e.g. "fig. 10"
 * @param quantity          what it is, e.g. "secure key rate"
 * @param condition         where on the curve, e.g. "L = 35 km"
 * @param published         the paper's value
 * @param ours              our value (NaN if not measured)
 * @param oursStandardError our standard error (NaN or 0 if unknown)
 * @param unit              unit of both values, e.g. "kbit/s" or "%"
 */
public record Comparison(String figure, String quantity, String condition, double published, double ours,
                         double oursStandardError, String unit) {

    /** Agreement bound of the table: |ours − published| ≤ 3 standard errors. */
    public static final double SIGMAS = 3.0;

    public Comparison {
        Objects.requireNonNull(figure, "figure");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(unit, "unit");
    }

    /** ours − published. */
    public double residual() {
        return ours - published;
    }

    /** Residual over our standard error; NaN when there is no usable standard error. */
    public double residualInStandardErrors() {
        return oursStandardError > 0 ? residual() / oursStandardError : Double.NaN;
    }

    /** Relative residual (ours − published) / published. */
    public double relativeResidual() {
        return residual() / published;
    }

    /** True / false when it can be judged, null when ours or its standard error is missing. */
    public Boolean withinThreeStandardErrors() {
        double z = residualInStandardErrors();
        return Double.isNaN(z) ? null : Math.abs(z) <= SIGMAS;
    }
}
