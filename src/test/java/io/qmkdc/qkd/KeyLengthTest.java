package io.qmkdc.qkd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class KeyLengthTest {
    /** Bounds with single-photon fraction Q1^L/Q_μ^U = 0.5 and chosen e1^U. */
    private static DecoyAnalysis.Bounds bounds(double e1) {
        return new DecoyAnalysis.Bounds(0.5, 0.1, 0.01, 0.01, 1e-6, 1e-6, 0.1, e1, 0.005, true);
    }

    /** Hand computation: n = 10 000, n1 = 5000, e1 = 0 → 5000 − 1000 − 64 − 2·10 = 3916. */
    @Test
    public void handComputedLength() {
        KeyLength.Breakdown k = KeyLength.finite(10_000, bounds(0), 1000, 64, Math.pow(2, -10));
        assertEquals(5000.0, k.singlePhotonBits(), 1e-9);
        assertEquals(20.0, k.privacyAmplification(), 1e-12);
        assertEquals(3916, k.length());
        assertEquals("", k.reason());
    }

    /** h2(0.11) = 0.4999... (tabulated binary entropy), so n1 (1 − h2) ≈ 5000 · 0.50002 = 2500.1. */
    @Test
    public void entropyTermUsesBinaryEntropy() {
        KeyLength.Breakdown k = KeyLength.finite(10_000, bounds(0.11), 0, 0, 0.5);
        assertEquals(2500.1, k.singlePhotonEntropy(), 0.5);
        assertEquals(2498, k.length()); // minus 2 log2(2) = 2
    }

    @Test
    public void neverNegativeAndExplainsZero() {
        KeyLength.Breakdown k = KeyLength.finite(10_000, bounds(0.05), 6000, 64, 1e-10);
        assertEquals(0, k.length());
        assertTrue(k.reason().contains("leakage"));
        assertEquals(0, KeyLength.finite(10_000, bounds(0.6), 0, 0, 1e-10).length());
    }

    /** Asymptotic: n [Δ1 (1 − h2(e1)) − f h2(E)] with e1 = 0, E = 0 → n/2. */
    @Test
    public void asymptoticHasNoSecurityTerms() {
        KeyLength.Breakdown k = KeyLength.asymptotic(10_000, bounds(0), 0.0, 1.2);
        assertEquals(5000, k.length());
        KeyLength.Breakdown lossy = KeyLength.asymptotic(10_000, bounds(0), 0.02, 1.2);
        assertTrue(lossy.length() < 5000 && lossy.leakErrorCorrection() > 0);
    }
}
