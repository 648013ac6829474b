package io.qmkdc.cluster;

import akka.actor.ActorSystem;
import akka.remote.artery.tcp.SSLEngineProvider;
import akka.remote.artery.tcp.ssl.RotatingKeysSSLEngineProvider;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.qmkdc.pki.PkiDir;
import io.qmkdc.pki.TlsContexts;
import akka.event.Logging;
import akka.event.LoggingAdapter;
import io.qmkdc.pki.CertRole;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import scala.Option;

/**
 * Artery over TLS 1.3 with mutual authentication (issue 9). Configured with the keys of Akka's
 * {@link RotatingKeysSSLEngineProvider} ({@code akka.remote.artery.ssl.rotating-keys-engine}: PEM key-file, cert-file,
 * ca-cert-file, protocol, enabled-algorithms), and Akka's provider still runs its post-handshake check (the peer shares
 * {@link io.qmkdc.pki.CertRole#CLUSTER_NAME} with this node). What this provider adds, and why it builds the engines
 * itself: both sides accept only a certificate of the cluster's CA whose role is {@code node} (operator and
 * application certificates of the same CA cannot join); every refused peer is logged in one WARN line (Akka's provider
 * logs nothing on the accepting side); the connecting side checks that the peer's certificate names the host it dialled
 * (JSSE's "HTTPS" endpoint identification, RFC 6125), which Akka's provider leaves out. Certificates are read once at
 * start: restart a node to rotate them.
 */
public final class ArteryTls implements SSLEngineProvider {
    /** Cipher suites of TLS 1.3 (RFC 8446 §9.1), AES-GCM first. */
    static final List<String> SUITES = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256");

    private final RotatingKeysSSLEngineProvider akka;
    private final SSLContext context;
    private final String[] suites;

    /** Akka instantiates the provider with the classic system (akka.remote.artery.ssl.ssl-engine-provider). */
    public ArteryTls(ActorSystem system) {
        this.akka = new RotatingKeysSSLEngineProvider(system);
        Config c = system.settings().config().getConfig("akka.remote.artery.ssl.rotating-keys-engine");
        LoggingAdapter log = Logging.getLogger(system, ArteryTls.class);
        this.suites = c.getStringList("enabled-algorithms").toArray(String[]::new);
        try {
            this.context = TlsContexts.mutual(Path.of(c.getString("cert-file")), Path.of(c.getString("key-file")),
                    Path.of(c.getString("ca-cert-file")), CertRole.NODE, log::warning);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the node certificate for Artery TLS: " + e.getMessage(), e);
        }
    }

    /** Settings that make Artery use TLS with {@code name}'s certificate from {@code pki}. */
    public static Config config(PkiDir pki, String name) {
        String engine = "akka.remote.artery.ssl.rotating-keys-engine.";
        return ConfigFactory.empty()
                .withValue("akka.remote.artery.transport", ConfigValueFactory.fromAnyRef("tls-tcp"))
                .withValue("akka.remote.artery.ssl.ssl-engine-provider", ConfigValueFactory.fromAnyRef(ArteryTls.class.getName()))
                .withValue(engine + "key-file", ConfigValueFactory.fromAnyRef(pki.key(name).toAbsolutePath().toString()))
                .withValue(engine + "cert-file", ConfigValueFactory.fromAnyRef(pki.cert(name).toAbsolutePath().toString()))
                .withValue(engine + "ca-cert-file", ConfigValueFactory.fromAnyRef(pki.caCert().toAbsolutePath().toString()))
                .withValue(engine + "protocol", ConfigValueFactory.fromAnyRef(TlsContexts.PROTOCOL))
                .withValue(engine + "enabled-algorithms", ConfigValueFactory.fromIterable(SUITES));
    }

    /** Plain TCP: only with {@code --insecure}. */
    public static Config insecure() {
        return ConfigFactory.empty().withValue("akka.remote.artery.transport", ConfigValueFactory.fromAnyRef("tcp"));
    }

    @Override
    public SSLEngine createServerSSLEngine(String hostname, int port) {
        SSLEngine engine = engine(hostname, port, false);
        engine.setNeedClientAuth(true);
        return engine;
    }

    @Override
    public SSLEngine createClientSSLEngine(String hostname, int port) {
        SSLEngine engine = engine(hostname, port, true);
        SSLParameters p = engine.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(p);
        return engine;
    }

    private SSLEngine engine(String hostname, int port, boolean client) {
        SSLEngine engine = context.createSSLEngine(hostname, port);
        engine.setUseClientMode(client);
        engine.setEnabledProtocols(new String[] {context.getProtocol()});
        engine.setEnabledCipherSuites(suites);
        return engine;
    }

    @Override
    public Option<Throwable> verifyClientSession(String hostname, SSLSession session) {
        return akka.verifyClientSession(hostname, session);
    }

    @Override
    public Option<Throwable> verifyServerSession(String hostname, SSLSession session) {
        return akka.verifyServerSession(hostname, session);
    }
}
