package io.qmkdc.experiment;

/**
 * The numbers the paper publishes for its key-rate analysis (section 3.3, text beside
 * fig. 10–12), in the units it uses. The caller measures the same quantity and calls
 * {@link #versus(double, double)} to get a row for the report.
 * Note: the paper's error counts are close to QBER × the x-axis key rate (21 = 1.4 % × 1500,
 * 28.24 ≈ 3 % × 941), not QBER × its sifted rate.
 */
public enum PaperReference {

    FIG10_SECURE_35KM("fig. 10", "secure key rate", "L = 35 km", 993, "kbit/s"),
    FIG10_SECURE_80KM("fig. 10", "secure key rate", "L = 80 km", 82, "kbit/s"),
    FIG10_SIFTED_35KM("fig. 10", "sifted key rate", "L = 35 km", 1395.64, "kbit/s"),
    FIG10_SIFTED_80KM("fig. 10", "sifted key rate", "L = 80 km", 121.36, "kbit/s"),
    FIG11_QBER_35KM("fig. 11", "QBER", "L = 35 km", 3.0, "%"),
    FIG11_QBER_50KM("fig. 11", "QBER", "L = 50 km", 6.2, "%"),
    FIG11_ERRORS_35KM("fig. 11", "errors", "L = 35 km", 28.24, "kbit/s"),
    FIG11_ERRORS_50KM("fig. 11", "errors", "L = 50 km", 32.86, "kbit/s"),
    FIG12_QBER_AT_1500("fig. 12", "QBER", "secure rate 1500 kbit/s", 1.4, "%"),
    FIG12_QBER_AT_600("fig. 12", "QBER", "secure rate 600 kbit/s", 4.2, "%"),
    FIG12_ERRORS_AT_1500("fig. 12", "errors", "secure rate 1500 kbit/s", 21.0, "kbit/s"),
    FIG12_ERRORS_AT_600("fig. 12", "errors", "secure rate 600 kbit/s", 25.28, "kbit/s");

    private final String figure;
    private final String quantity;
    private final String condition;
    private final double value;
    private final String unit;

    PaperReference(String figure, String quantity, String condition, double value, String unit) {
        this.figure = figure;
        this.quantity = quantity;
        this.condition = condition;
        this.value = value;
        this.unit = unit;
    }

    public String figure() {
        return figure;
    }

    public String quantity() {
        return quantity;
    }

    public String condition() {
        return condition;
    }

    /** The published value, in {@link #unit()}. */
    public double value() {
        return value;
    }

    public String unit() {
        return unit;
    }

    /** A comparison row with our value and standard error, both in {@link #unit()} (kbit/s or %). */
    public Comparison versus(double ours, double oursStandardError) {
        return new Comparison(figure, quantity, condition, value, ours, oursStandardError, unit);
    }

    /** Same, from an estimate in SI units (bit/s, or a fraction for QBER), converted to this row's unit. */
    public Comparison versus(Estimate ours) {
        double scale = unit.equals("%") ? 100.0 : 1e-3;
        Estimate e = ours.scaled(scale);
        return versus(e.value(), e.standardError());
    }
}
