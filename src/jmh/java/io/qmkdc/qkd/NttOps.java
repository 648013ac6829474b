package io.qmkdc.qkd;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Issue 13 experiment: allocation per op (boxed vectors mean a failed intrinsic). */
public final class NttOps {
    static final VectorSpecies<Integer> S = IntVector.SPECIES_PREFERRED;
    static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;

    static final jdk.incubator.vector.VectorShuffle<Integer> SW = jdk.incubator.vector.VectorShuffle.fromOp(S, j -> j ^ 1);
    static final jdk.incubator.vector.VectorMask<Integer> M = S.indexInRange(0, 5);

    interface Op { void run(int[] a, int[] w); }

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int[] a = new int[1 << 14];
        int[] w = new int[1 << 14];
        for (int i = 0; i < a.length; i++) { a[i] = i * 7919 % NttField.P; w[i] = i * 31 % NttField.P; }
        String[] names = {"add", "lshrL", "mulL", "reinterp", "compare-add", "ashr", "mul", "dif", "difTail", "ditTail", "rearrange", "blend"};
        Op[] ops = {
            (x, y) -> { for (int i = 0; i < x.length; i += S.length()) IntVector.fromArray(S, x, i).add(IntVector.fromArray(S, y, i)).intoArray(x, i); },
            (x, y) -> { for (int i = 0; i < x.length; i += S.length()) ((LongVector) IntVector.fromArray(S, x, i).reinterpretShape(LS, 0)).lanewise(VectorOperators.LSHR, 32).reinterpretAsInts().intoArray(x, i); },
            (x, y) -> { for (int i = 0; i < x.length; i += S.length()) ((LongVector) IntVector.fromArray(S, x, i).reinterpretShape(LS, 0)).mul((LongVector) IntVector.fromArray(S, y, i).reinterpretShape(LS, 0)).reinterpretAsInts().intoArray(x, i); },
            (x, y) -> { for (int i = 0; i < x.length; i += S.length()) IntVector.fromArray(S, x, i).reinterpretAsLongs().reinterpretAsInts().intoArray(x, i); },
            (x, y) -> { for (int i = 0; i < x.length; i += S.length()) { IntVector v = IntVector.fromArray(S, x, i); v.add(7, v.compare(VectorOperators.LT, 0)).intoArray(x, i); } },
            (x, y) -> { for (int i = 0; i < x.length; i += S.length()) IntVector.fromArray(S, x, i).lanewise(VectorOperators.ASHR, 31).intoArray(x, i); },
            (x, y) -> { for (int i = 0; i < x.length; i += S.length()) NttVectorKernels.mul(IntVector.fromArray(S, x, i), IntVector.fromArray(S, y, i), IntVector.fromArray(S, y, i)).intoArray(x, i); },
            (x, y) -> NttVectorKernels.dif(x, 0, x.length / 2, y, y, 0, x.length / 2),
            (x, y) -> NttVectorKernels.difTail(x, 0, x.length),
            (x, y) -> NttVectorKernels.ditTail(x, 0, x.length),
            (x, y) -> { for (int i = 0; i < x.length; i += S.length()) IntVector.fromArray(S, x, i).rearrange(SW).intoArray(x, i); },
            (x, y) -> { for (int i = 0; i < x.length; i += S.length()) IntVector.fromArray(S, x, i).blend(IntVector.fromArray(S, y, i), M).intoArray(x, i); },
        };
        for (int round = 0; round < 4; round++) {
            for (int k = 0; k < ops.length; k++) {
                long a0 = mx.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                for (int r = 0; r < 3000; r++) ops[k].run(a, w);
                long t1 = System.nanoTime();
                long bytes = mx.getCurrentThreadAllocatedBytes() - a0;
                if (round == 3) System.out.printf("%-12s %.3f ns/elem  %.1f B/elem%n", names[k], (t1 - t0) / 3000.0 / a.length, bytes / 3000.0 / a.length);
            }
        }
    }
}
