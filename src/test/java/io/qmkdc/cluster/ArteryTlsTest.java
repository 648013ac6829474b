package io.qmkdc.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import akka.actor.ActorSystem;
import com.typesafe.config.ConfigFactory;
import io.qmkdc.pki.CertRole;
import io.qmkdc.pki.Handshake;
import io.qmkdc.pki.PkiDir;
import io.qmkdc.pki.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The engines Artery uses with {@code --pki} ({@link ArteryTls}, configured as a node configures it), in a handshake
 * in memory: two nodes of the cluster CA agree on TLS 1.3; a node certificate of another CA, an expired one of the
 * cluster CA, and an operator certificate of the cluster CA are refused by the accepting node; a peer whose
 * certificate does not name the dialled host is refused by the connecting node. The accepted case shows each refusal
 * comes from the certificate, not from a broken setup.
 */
public class ArteryTlsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<ActorSystem> systems = new ArrayList<>();
    private PkiDir pki;

    @Before
    public void certificates() throws Exception {
        pki = TestPki.init(tmp.getRoot().toPath().resolve("pki"));
        TestPki.issue(pki, CertRole.NODE, "seed", "127.0.0.1");
        TestPki.issue(pki, CertRole.NODE, "peer", "127.0.0.1");
        TestPki.issue(pki, CertRole.NODE, "elsewhere", "10.9.8.7");
        TestPki.issueExpired(pki, CertRole.NODE, "old", "127.0.0.1");
        TestPki.issue(pki, CertRole.OPERATOR, "operator");
        PkiDir other = TestPki.init(tmp.getRoot().toPath().resolve("other"));
        TestPki.issue(other, CertRole.NODE, "foreign", "127.0.0.1");
        // The intruder knows the cluster's (public) CA certificate, so it gets as far as presenting its own.
        Files.copy(other.cert("foreign"), pki.cert("foreign"));
        Files.copy(other.key("foreign"), pki.key("foreign"));
    }

    @After
    public void stop() {
        systems.forEach(ActorSystem::terminate);
    }

    @Test
    public void twoNodesOfTheClusterCaAgreeOnTls13() {
        SSLEngine client = tls("peer").createClientSSLEngine("127.0.0.1", 25520);
        SSLEngine server = tls("seed").createServerSSLEngine("127.0.0.1", 25520);
        assertNull(Handshake.run(client, server));
        assertEquals("TLSv1.3", client.getSession().getProtocol());
        assertTrue(server.getNeedClientAuth());
        assertTrue(tls("seed").verifyServerSession("127.0.0.1", server.getSession()).isEmpty());
    }

    @Test
    public void theAcceptingNodeRefusesAForeignAnExpiredAndAnOperatorCertificate() {
        for (String intruder : List.of("foreign", "old", "operator")) {
            SSLException e = Handshake.run(tls(intruder).createClientSSLEngine("127.0.0.1", 25520),
                    tls("seed").createServerSSLEngine("127.0.0.1", 25520));
            assertTrue(intruder + " was accepted: " + e, e instanceof javax.net.ssl.SSLHandshakeException);
        }
    }

    @Test
    public void theConnectingNodeRefusesAPeerWhoseCertificateNamesAnotherHost() {
        SSLException e = Handshake.run(tls("peer").createClientSSLEngine("127.0.0.1", 25520),
                tls("elsewhere").createServerSSLEngine("127.0.0.1", 25520));
        assertTrue("a certificate for 10.9.8.7 accepted at 127.0.0.1: " + e, e instanceof javax.net.ssl.SSLHandshakeException);
        assertTrue(e.toString(), String.valueOf(e).contains("127.0.0.1"));
    }

    private ArteryTls tls(String name) {
        ActorSystem system = ActorSystem.create("tls-" + name, ArteryTls.config(pki, name)
                .withFallback(ConfigFactory.parseString("akka.actor.provider = local\nakka.loglevel = ERROR"))
                .withFallback(ConfigFactory.load()));
        systems.add(system);
        return new ArteryTls(system);
    }
}
