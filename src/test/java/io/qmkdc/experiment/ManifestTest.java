package io.qmkdc.experiment;

import io.qmkdc.optics.LinkProfile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.file.Path;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

public class ManifestTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void jsonRoundTripKeepsEveryField() throws Exception {
        Manifest m = new Manifest(LinkProfile.gys(), 42L, 1_000_000_000L, "abc", "17", "v", "Linux", "6", "amd64",
                12.5, "2025-01-01T00:00:00Z");
        Path f = tmp.getRoot().toPath().resolve("manifest.json");
        m.write(f);
        assertEquals(m, Manifest.read(f));
    }

    @Test
    public void nanSignalMuSurvivesJson() throws Exception {
        // NaN μ means "optimise"; JSON has no NaN literal, Jackson writes it as a string.
        Manifest m = new Manifest(LinkProfile.gys().withSignalMu(Double.NaN), 1, 2, "r", "j", "v", "o", "ov", "a",
                0.0, "t");
        assertTrue(Double.isNaN(Manifest.fromJson(m.toJson()).profile().signalMu()));
    }

    @Test
    public void captureReadsThisJvm() {
        Manifest m = Manifest.capture(LinkProfile.gys(), 7, 100, 1.0);
        assertEquals(System.getProperty("java.version"), m.javaVersion());
        assertEquals(System.getProperty("os.name"), m.osName());
        String rev = m.gitRevision();
        assertTrue("revision is a hash or 'unknown': " + rev, rev.equals(Manifest.UNKNOWN) || rev.matches("[0-9a-f]{40,64}"));
    }

    @Test
    public void gitRevisionOutsideARepositoryIsUnknown() throws Exception {
        assertEquals(Manifest.UNKNOWN, Manifest.gitRevision(tmp.newFolder().toPath()));
    }
}
