package io.qmkdc.experiment;

import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;

/**
 * Tick labels with SI prefixes ({@code 1k}, {@code 10M}, {@code 100µ}) for logarithmic axes:
 * short, plain strings, so SVG keeps them as text (JFreeChart's default log labels are
 * attributed strings, which end up as glyph outlines).
 */
final class SiFormat extends NumberFormat {

    private static final String[] UP = {"", "k", "M", "G", "T", "P"};
    private static final String[] DOWN = {"", "m", "µ", "n", "p", "f"};

    @Override
    public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return to.append(v == 0 ? "0" : Double.toString(v));
        }
        int group = (int) Math.floor(Math.log10(Math.abs(v)) / 3 + 1e-9);
        if (group >= UP.length || -group >= DOWN.length) {
            return to.append(String.format(Locale.ROOT, "%.3g", v));
        }
        double scaled = v / Math.pow(1000, group);
        String prefix = group >= 0 ? UP[group] : DOWN[-group];
        String digits = String.format(Locale.ROOT, "%.3g", scaled);
        if (digits.contains(".") && !digits.contains("e")) {
            digits = digits.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return to.append(digits).append(prefix);
    }

    @Override
    public StringBuffer format(long v, StringBuffer to, FieldPosition pos) {
        return format((double) v, to, pos);
    }

    @Override
    public Number parse(String source, ParsePosition pos) {
        throw new UnsupportedOperationException("SiFormat only formats tick labels");
    }
}
