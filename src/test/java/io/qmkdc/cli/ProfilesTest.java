package io.qmkdc.cli;

import static org.junit.Assert.assertEquals;

import io.qmkdc.optics.LinkProfile;
import org.junit.Test;

public class ProfilesTest {
    @Test
    public void bundledGysProfileEqualsDesignReferenceValues() {
        // DESIGN §8: α 0.21 dB/km, η_det 0.045, Y0 1.7e-6, e_d 3.3 %, f 1.22, q 1/2.
        LinkProfile p = Profiles.load("gys");
        assertEquals(LinkProfile.gys(), p);
    }

    @Test(expected = UsageError.class)
    public void missingKeyIsAUsageError() {
        Profiles.parse("profile { name = x }", "inline");
    }

    @Test(expected = UsageError.class)
    public void decoyMustBeWeakerThanSignal() {
        String text = "profile { name = x, fiber-loss-db-per-km = 0.2, detector-efficiency = 0.1,"
                + " dark-count-probability = 1e-6, misalignment-error = 0.01, error-correction-efficiency = 1.1,"
                + " basis-sifting-factor = 0.5, wavelength-nm = 1550, repetition-rate-hz = 1e9, signal-mu = 0.5,"
                + " decoy-nu = 0.6, signal-probability = 0.8, decoy-probability = 0.1, qber-threshold = 0.11 }";
        Profiles.parse(text, "inline");
    }
}
