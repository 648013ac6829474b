package io.qmkdc.qkd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.qmkdc.optics.EavesdropperStrategy;
import io.qmkdc.optics.LinkProfile;
import org.junit.Test;

/** The link's finite-key path (Lim et al. 2014) against the same bound evaluated on expected counts. */
public class FiniteKeyLinkStatisticsTest {
    @Test
    public void emulatedFiniteKeyMatchesTheBoundOnExpectedCounts() {
        LinkProfile gys = LinkProfile.gys();
        long pulses = 4_000_000_000L;
        LinkReport r = new LinkPipeline(LinkPipeline.Settings.defaults(gys, 25, pulses, new EavesdropperStrategy.None())
                .withKeyLength(LinkPipeline.KeyLengthMethod.FINITE_KEY_LIM2014)).run(17, f -> { });
        assertFalse(r.abortReason(), r.aborted());
        assertNotNull(r.finiteKey());
        assertEquals("finite-key-lim2014", r.keyLengthMethod());
        // Same protocol, expected counts, λ_EC at the f Cascade reached: the bound is smooth in the counts,
        // whose relative spread here is ~1e-3 (≥ 1e6 events per class), so 5 % covers counts and the
        // verification tags the expected-count model does not charge.
        FiniteKeyAnalysis.Source source = new FiniteKeyAnalysis.Source(
                new FiniteKeyAnalysis.PerIntensity(gys.signalMu(), gys.decoyNu(), 0.0),
                new FiniteKeyAnalysis.PerIntensity(gys.signalProbability(), gys.decoyProbability(), gys.vacuumProbability()));
        ExpectedStatistics.Protocol protocol = new ExpectedStatistics.Protocol(source, 0.5, 0.5,
                r.reconciliationEfficiency(), FiniteKeyLink.EPS_SEC, FiniteKeyLink.EPS_COR);
        double expected = ExpectedStatistics.keyRatePerPulse(ExpectedStatistics.Channel.of(gys, 25), protocol, pulses);
        assertEquals(expected, r.securePerPulse(), 0.05 * expected);
        assertTrue("finite key below the asymptotic decoy rate", r.securePerPulse() < r.analytic().securePerPulse());
    }

    @Test
    public void interceptResendAbortsTheFiniteKeyPathToo() {
        LinkReport r = new LinkPipeline(LinkPipeline.Settings.defaults(LinkProfile.gys(), 25, 300_000_000L,
                new EavesdropperStrategy.InterceptResend(1.0)).withKeyLength(LinkPipeline.KeyLengthMethod.FINITE_KEY_LIM2014))
                .run(2, f -> { });
        assertTrue(r.aborted());
        assertEquals(0, r.finalKeyBits());
        assertTrue(r.abortReason(), r.abortReason().contains("X-basis error rate"));
    }
}
