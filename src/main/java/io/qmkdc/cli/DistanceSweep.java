package io.qmkdc.cli;

import java.util.ArrayList;
import java.util.List;

/** Distances in km from {@code from} to {@code to} inclusive in steps of {@code step}. */
record DistanceSweep(double from, double to, double step) {
    List<Double> points() {
        List<Double> out = new ArrayList<>();
        long n = Math.round(Math.floor((to - from) / step + 1e-9));
        for (long i = 0; i <= n; i++) {
            out.add(from + i * step);
        }
        return out;
    }
}
