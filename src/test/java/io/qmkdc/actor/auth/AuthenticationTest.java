package io.qmkdc.actor.auth;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import io.qmkdc.cluster.TestClusterConfig;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.EprAuthentication.Mode;
import org.junit.ClassRule;
import org.junit.Test;

/** EPR + CNOT authentication as messages between Authenticator, QuantumChannel and Member. */
public class AuthenticationTest {
    @ClassRule
    public static final TestKitJunitResource testKit = new TestKitJunitResource(TestClusterConfig.config());

    @Test
    public void anHonestMemberPassesInBothModesAndBothKeysAreUpdated() {
        AuthSessions s = new AuthSessions(testKit, "honest", false, 1);
        BitVector before = s.kdcKey();
        Authenticator.Completed paper = s.run(Mode.PAPER, 32, 0);
        assertTrue(paper.reason(), paper.passed());
        assertEquals(0, paper.failedRounds());
        BitVector after = s.kdcKey();
        assertNotEquals("eq. 12 refreshed K_c", before.slice(0, 64).toString() + before.hammingDistance(after), "x0");
        assertTrue("eq. 12 changes about half the first 64 bits", before.slice(0, 64).hammingDistance(after.slice(0, 64)) > 8);
        // The member updated the same way: the next session (with the new keys) passes again.
        Authenticator.Completed hardened = s.run(Mode.HARDENED, 32, 0.5);
        assertTrue(hardened.reason(), hardened.passed());
        assertTrue("some rounds were Bell checks", hardened.checks() > 0);
        assertEquals(0, hardened.checkMismatches());
    }

    @Test
    public void anImpostorWithoutKcIsRefusedInBothModes() {
        AuthSessions s = new AuthSessions(testKit, "impostor", true, 2);
        Authenticator.Completed paper = s.run(Mode.PAPER, 32, 0);
        assertFalse(paper.passed());
        assertTrue(paper.reason(), paper.failedRounds() > 4);
        assertFalse(s.run(Mode.HARDENED, 32, 0.25).passed());
    }

    @Test
    public void aManInTheMiddleImpostorIsRefused() {
        AuthSessions s = new AuthSessions(testKit, "mitm", false, 3).withEavesdropper("impostor");
        Authenticator.Completed c = s.run(Mode.HARDENED, 32, 0.25);
        assertFalse(c.passed());
        assertEquals("Eve answered every round", 32, s.eveReport().impostorRounds());
    }

    @Test
    public void measuringMInTransitPassesPaperModeButNotHardened() {
        // PAPER: the rounds read only a Z parity, which a Z measurement of m never disturbs:
        // the attack goes unnoticed and Eve learns every K'_{2i-1} of the update (DESIGN §5).
        AuthSessions paper = new AuthSessions(testKit, "measure-paper", false, 4).withEavesdropper("measure-pair");
        Authenticator.Completed p = paper.run(Mode.PAPER, 32, 0);
        assertTrue("paper mode does not see the attack", p.passed());
        assertEquals(32, paper.eveReport().updateBitsLearned());
        // HARDENED: half the checked rounds disagree; with 32 rounds and half of them checked,
        // P(missed) = (3/4)^32 ≈ 1e-4.
        AuthSessions hardened = new AuthSessions(testKit, "measure-hardened", false, 5).withEavesdropper("measure-pair");
        Authenticator.Completed h = hardened.run(Mode.HARDENED, 32, 0.5);
        assertFalse("hardened mode catches it", h.passed());
        assertTrue(h.checkMismatches() > 0);
    }

    @Test
    public void interceptingFOnItsWayBackFailsRounds() {
        // Measuring f in a random basis fails a round with probability 1/4; 32 rounds all pass with 0.75^32 ≈ 1e-4.
        AuthSessions s = new AuthSessions(testKit, "return", false, 6).withEavesdropper("intercept-return");
        Authenticator.Completed c = s.run(Mode.PAPER, 32, 0);
        assertFalse(c.passed());
        assertTrue(c.failedRounds() > 0 && c.failedRounds() < 20);
    }
}
