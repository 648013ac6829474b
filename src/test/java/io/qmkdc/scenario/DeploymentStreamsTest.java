package io.qmkdc.scenario;

import static org.junit.Assert.assertFalse;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.Test;

/**
 * The deployment and its KDC get the same seed (Deployment.onSystem, the tests); the KDC
 * draws from {@code new SplittableRandom(seed)} (QmKdc), so the deployment must not: their streams
 * share no value over the first 64 draws, for 10,000 seeds (equal streams would share all 64).
 */
public class DeploymentStreamsTest {
    @Test
    public void theDeploymentNeverDrawsTheKdcsNumbers() {
        for (long seed = -5000; seed < 5000; seed++) {
            SplittableRandom kdc = new SplittableRandom(seed);
            Set<Long> kdcDraws = new HashSet<>();
            for (int i = 0; i < 64; i++) {
                kdcDraws.add(kdc.nextLong());
            }
            SplittableRandom deployment = Deployment.stream(seed);
            for (int i = 0; i < 64; i++) {
                long d = deployment.nextLong();
                assertFalse("seed " + seed + ": deployment draw " + i + " is one of the KDC's", kdcDraws.contains(d));
            }
        }
    }
}
