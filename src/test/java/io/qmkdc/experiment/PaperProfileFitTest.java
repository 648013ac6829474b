package io.qmkdc.experiment;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.qmkdc.cli.Profiles;
import io.qmkdc.optics.LinkProfile;
import org.junit.Test;

public class PaperProfileFitTest {
    @Test
    public void fittedProfileReproducesFigureTenWithinTwoPercent() {
        PaperProfileFit.Result r = PaperProfileFit.fit(LinkProfile.gys());
        for (Comparison c : r.comparisons()) {
            if (c.figure().equals("fig. 10")) {
                assertEquals(c.quantity() + " at " + c.condition(), 0, c.relativeResidual(), 0.02);
            }
        }
    }

    @Test
    public void figureElevenCannotHoldTogetherWithFigureTen() {
        // Under GLLP a secure/sifted ratio of 993/1395.64 = 0.71 needs a QBER far below the 3 % of fig. 11.
        PaperProfileFit.Result r = PaperProfileFit.fit(LinkProfile.gys());
        Comparison qber35 = r.comparisons().stream()
                .filter(c -> c.figure().equals("fig. 11") && c.quantity().equals("QBER") && c.condition().contains("35"))
                .findFirst().orElseThrow();
        assertTrue("fitted QBER " + qber35.ours(), qber35.ours() < 0.5 * qber35.published());
    }

    @Test
    public void shippedPaperProfileIsTheFitsOutput() {
        // conf/profiles/paper.conf is produced by `deploy/qmkdc fit-paper --write conf/profiles/paper.conf`.
        LinkProfile shipped = Profiles.load("paper");
        PaperProfileFit.Result r = PaperProfileFit.fit(LinkProfile.gys());
        assertEquals(r.repetitionRateHz(), shipped.repetitionRateHz(), 1e-5 * r.repetitionRateHz());
        assertEquals(r.alphaDbPerKm(), shipped.fiberLossDbPerKm(), 1e-5);
        assertEquals(r.mu(), shipped.signalMu(), 1e-5);
        assertEquals(r.misalignmentError(), shipped.misalignmentError(), 1e-5);
    }
}
