package io.qmkdc.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters that accept the notations users type (1e9 pulses, 0:150:5 km). */
final class Converters {
    private Converters() {
    }

    /** A positive count, as an integer or in scientific notation (1e9), at most 1e13. */
    static final class Count implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            double d;
            try {
                d = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number (e.g. 1000000 or 1e9)");
            }
            if (!(d >= 1 && d <= 1e13) || d != Math.rint(d)) {
                throw new TypeConversionException("'" + value + "' must be a whole number in [1, 1e13]");
            }
            return (long) d;
        }
    }

    /** A probability in [0, 1]. */
    static final class Fraction implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double d = number(value);
            if (!(d >= 0 && d <= 1)) {
                throw new TypeConversionException("'" + value + "' is outside [0, 1]");
            }
            return d;
        }
    }

    /** One distance (50) or a sweep FROM:TO:STEP (0:150:5), in km, within [0, 1000]. */
    static final class Distances implements ITypeConverter<DistanceSweep> {
        @Override
        public DistanceSweep convert(String value) {
            String[] parts = value.split(":", -1);
            if (parts.length == 1) {
                double d = distance(parts[0]);
                return new DistanceSweep(d, d, 1);
            }
            if (parts.length != 3) {
                throw new TypeConversionException("'" + value + "' must be KM or FROM:TO:STEP (e.g. 0:150:5)");
            }
            double from = distance(parts[0]);
            double to = distance(parts[1]);
            double step = number(parts[2]);
            if (to < from) {
                throw new TypeConversionException("'" + value + "': TO must be >= FROM");
            }
            if (!(step > 0) || (to - from) / step > 10_000) {
                throw new TypeConversionException("'" + value + "': STEP must be > 0 and give at most 10000 points");
            }
            return new DistanceSweep(from, to, step);
        }

        private static double distance(String s) {
            double d = number(s);
            if (!(d >= 0 && d <= 1000)) {
                throw new TypeConversionException("'" + s + "' km is outside [0, 1000]");
            }
            return d;
        }
    }

    static double number(String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number");
        }
    }
}
