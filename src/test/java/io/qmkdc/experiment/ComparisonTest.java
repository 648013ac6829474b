package io.qmkdc.experiment;

import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

public class ComparisonTest {

    @Test
    public void residualInStandardErrorsDecidesTheVerdict() {
        Comparison c = new Comparison("fig. 10", "secure key rate", "L = 35 km", 993, 1000, 2.5, "kbit/s");
        assertEquals(7.0, c.residual(), 1e-12);
        assertEquals(2.8, c.residualInStandardErrors(), 1e-12);
        assertEquals(Boolean.TRUE, c.withinThreeStandardErrors());
        Comparison far = new Comparison("fig. 10", "secure key rate", "L = 35 km", 993, 1000, 2.0, "kbit/s");
        assertEquals(Boolean.FALSE, far.withinThreeStandardErrors());
        assertNull(new Comparison("f", "q", "c", 1, 2, 0, "%").withinThreeStandardErrors());
    }

    @Test
    public void siEstimatesAreConvertedToThePapersUnits() {
        // 993 kbit/s = 993 000 bit/s; QBER 0.03 = 3 %.
        Comparison r = PaperReference.FIG10_SECURE_35KM.versus(Estimate.of(993_000, 5_000));
        assertEquals(993.0, r.ours(), 1e-9);
        assertEquals(5.0, r.oursStandardError(), 1e-9);
        Comparison q = PaperReference.FIG11_QBER_35KM.versus(Estimate.of(0.03, 0.001));
        assertEquals(3.0, q.ours(), 1e-12);
        assertEquals(0.1, q.oursStandardError(), 1e-12);
        assertEquals(0.0, q.residual(), 1e-12);
    }

    @Test
    public void publishedNumbersMatchThePaperText() {
        // Paper section 3.3, text beside fig. 10–12 (seed/000_10759d560247b427.txt, lines 265–277).
        assertEquals(993, PaperReference.FIG10_SECURE_35KM.value(), 0);
        assertEquals(82, PaperReference.FIG10_SECURE_80KM.value(), 0);
        assertEquals(1395.64, PaperReference.FIG10_SIFTED_35KM.value(), 0);
        assertEquals(121.36, PaperReference.FIG10_SIFTED_80KM.value(), 0);
        assertEquals(6.2, PaperReference.FIG11_QBER_50KM.value(), 0);
        assertEquals(32.86, PaperReference.FIG11_ERRORS_50KM.value(), 0);
        assertEquals(25.28, PaperReference.FIG12_ERRORS_AT_600.value(), 0);
    }
}
