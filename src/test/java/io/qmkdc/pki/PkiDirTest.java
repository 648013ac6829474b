package io.qmkdc.pki;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The PKI folder: files, modes, certificate profiles, and refusals as values. */
public class PkiDirTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void initMakesACaAndRefusesAnExistingFolder() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("pki");
        PkiDir pki = TestPki.init(dir);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))));
        X509Certificate ca = Pem.readCertificate(pki.caCert());
        assertTrue("a CA certificate", ca.getBasicConstraints() >= 0);
        ca.verify(ca.getPublicKey());
        PkiDir.Written again = PkiDir.init(dir, "x", Duration.ofDays(1), new SecureRandom());
        assertTrue(again.toString(), again instanceof PkiDir.Written.Refused r && r.problem().contains("already exists"));
        PkiDir.Opened missing = PkiDir.open(tmp.getRoot().toPath().resolve("nope"));
        assertTrue(missing.toString(), missing instanceof PkiDir.Opened.Refused r && r.problem().contains("pki init"));
    }

    @Test
    public void nodeOperatorAndSaeCertificatesCarryTheirRoleSansAndPurposes() throws Exception {
        PkiDir pki = TestPki.init(tmp.getRoot().toPath().resolve("pki"));
        TestPki.issue(pki, CertRole.NODE, "n0", "127.0.0.1", "node0.example");
        TestPki.issue(pki, CertRole.OPERATOR, "operator");
        TestPki.issue(pki, CertRole.SAE, "app-7");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.key("n0"))));
        X509Certificate node = Pem.readCertificate(pki.cert("n0"));
        node.verify(Pem.readCertificate(pki.caCert()).getPublicKey());
        assertEquals(CertRole.NODE, TlsContexts.role(node));
        List<String> sans = node.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList();
        assertEquals(List.of("127.0.0.1", "node0.example", CertRole.CLUSTER_NAME), sans);
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), node.getExtendedKeyUsage());
        X509Certificate op = Pem.readCertificate(pki.cert("operator"));
        assertEquals(CertRole.OPERATOR, TlsContexts.role(op));
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), op.getExtendedKeyUsage());
        X509Certificate sae = Pem.readCertificate(pki.cert("app-7"));
        assertTrue(sae.getSubjectX500Principal().getName(), sae.getSubjectX500Principal().getName().startsWith("CN=app-7,OU=sae"));
        PkiDir.Written twice = pki.issue(CertRole.NODE, "n0", List.of("127.0.0.1"), Duration.ofDays(1), new SecureRandom());
        assertTrue(twice.toString(), twice instanceof PkiDir.Written.Refused);
        PkiDir.Written bad = pki.issue(CertRole.NODE, "../x", List.of(), Duration.ofDays(1), new SecureRandom());
        assertTrue(bad.toString(), bad instanceof PkiDir.Written.Refused r && r.problem().startsWith("NAME:"));
    }

    @Test
    public void checkFindsExpiredAndForeignCertificates() throws Exception {
        PkiDir pki = TestPki.init(tmp.getRoot().toPath().resolve("pki"));
        PkiDir other = TestPki.init(tmp.getRoot().toPath().resolve("other"));
        TestPki.issue(pki, CertRole.NODE, "good", "127.0.0.1");
        TestPki.issueExpired(pki, CertRole.NODE, "old", "127.0.0.1");
        TestPki.issue(other, CertRole.NODE, "foreign", "127.0.0.1");
        Files.copy(other.cert("foreign"), pki.cert("foreign"));
        Files.copy(other.key("foreign"), pki.key("foreign"));
        assertTrue(TlsContexts.check(pki, "good") instanceof TlsContexts.Checked.Usable);
        TlsContexts.Checked old = TlsContexts.check(pki, "old");
        assertTrue(old.toString(), old instanceof TlsContexts.Checked.Unusable u && u.problem().contains("expired"));
        TlsContexts.Checked foreign = TlsContexts.check(pki, "foreign");
        assertTrue(foreign.toString(), foreign instanceof TlsContexts.Checked.Unusable u && u.problem().contains("not issued by"));
        assertTrue(TlsContexts.check(pki, "missing") instanceof TlsContexts.Checked.Unusable);
    }
}
