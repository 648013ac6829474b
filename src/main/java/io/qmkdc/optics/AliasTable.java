package io.qmkdc.optics;

/**
 * Walker's alias method in Vose's stable form (Vose, IEEE TSE 17, 972 (1991)): draws an index
 * with probability proportional to its weight in O(1), here returning the index's int code.
 * One uniform picks a column and, with its remaining bits, the column's own code or its alias.
 */
final class AliasTable {

    private final double[] threshold;
    private final int size;
    private final int[] codes;

    AliasTable(double[] weight, int[] code) {
        size = weight.length;
        if (size == 0) {
            throw new IllegalArgumentException("alias table needs at least one weight");
        }
        double total = 0;
        for (double w : weight) {
            total += w;
        }
        threshold = new double[size];
        int[] own = code.clone();
        int[] alias = code.clone();
        double[] scaled = new double[size];
        int[] small = new int[size];
        int[] large = new int[size];
        int ns = 0;
        int nl = 0;
        for (int i = 0; i < size; i++) {
            scaled[i] = weight[i] * size / total;
            if (scaled[i] < 1) {
                small[ns++] = i;
            } else {
                large[nl++] = i;
            }
        }
        while (ns > 0 && nl > 0) {
            int s = small[--ns];
            int l = large[--nl];
            threshold[s] = scaled[s];
            alias[s] = code[l];
            scaled[l] = (scaled[l] + scaled[s]) - 1;
            if (scaled[l] < 1) {
                small[ns++] = l;
            } else {
                large[nl++] = l;
            }
        }
        while (nl > 0) {
            threshold[large[--nl]] = 1.0;
        }
        while (ns > 0) {
            threshold[small[--ns]] = 1.0; // rounding leftovers: probability 1 by construction
        }
        codes = new int[2 * size];
        for (int i = 0; i < size; i++) {
            codes[2 * i] = own[i];
            codes[2 * i + 1] = alias[i];
        }
    }

    /** The code drawn with the 53 high bits of {@code bits}. */
    int sample(long bits) {
        double u = (bits >>> 11) * 0x1.0p-53 * size;
        int i = Math.min((int) u, size - 1);
        // Own code at 2i, alias at 2i+1: an index instead of a branch, which would mispredict.
        return codes[2 * i + (u - i < threshold[i] ? 0 : 1)];
    }
}
