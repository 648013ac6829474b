package io.qmkdc.pki;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.EnumSet;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS 1.3 contexts from a {@link PkiDir}: the peer must present a certificate of the folder's CA (PKIX: signature,
 * validity, key usage), nothing else is trusted. {@link #server} also accepts only the given client roles (the
 * {@code OU} that {@link CertificateAuthority} writes), so an application's certificate cannot drive the control API.
 */
public final class TlsContexts {
    public static final String PROTOCOL = "TLSv1.3";
    /**
     * The HTTPS listeners (control API, ETSI 014) speak TLS 1.2 with forward-secret AEAD suites only: Akka HTTP 10.2's
     * TLS stage leaves about one new TLS 1.3 connection in four to eight unanswered when the client presents a
     * certificate (akka/akka-http#3175; measured here with JDK clients: 10 of 40 stalled on 1.3, 0 of 40 on 1.2,
     * 0 of 40 on 1.3 without client auth). Artery keeps 1.3: its handshake retries resend, which frees the stage.
     */
    public static final String HTTPS_PROTOCOL = "TLSv1.2";
    private static final String[] HTTPS_SUITES = {
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    };

    private TlsContexts() {
    }

    /** A certificate that cannot be used now, in one line naming the file. */
    public sealed interface Checked permits Checked.Usable, Checked.Unusable {
        record Usable(X509Certificate certificate) implements Checked {
        }

        record Unusable(String problem) implements Checked {
        }
    }

    /** Checks {@code name}'s files: both there, signed by the CA, valid now. */
    public static Checked check(PkiDir pki, String name) {
        Path crt = pki.cert(name);
        if (!Files.isReadable(crt) || !Files.isReadable(pki.key(name))) {
            return new Checked.Unusable(crt + " or its .key: missing or unreadable (make it with 'deploy/qmkdc pki "
                    + "node " + name + " --pki " + pki.dir() + " --host ...')");
        }
        try {
            X509Certificate cert = Pem.readCertificate(crt);
            Pem.readKey(pki.key(name));
            cert.verify(Pem.readCertificate(pki.caCert()).getPublicKey());
            cert.checkValidity(new Date());
            return new Checked.Usable(cert);
        } catch (java.security.cert.CertificateExpiredException e) {
            return new Checked.Unusable(crt + ": expired on " + expiry(crt));
        } catch (java.security.cert.CertificateNotYetValidException e) {
            return new Checked.Unusable(crt + ": not valid yet");
        } catch (java.security.SignatureException e) {
            return new Checked.Unusable(crt + ": not issued by " + pki.caCert());
        } catch (IOException | GeneralSecurityException e) {
            return new Checked.Unusable(crt + ": " + e.getMessage());
        }
    }

    /** A server context with {@code name}'s certificate that trusts the CA for clients of {@code accepted} roles. */
    public static SSLContext server(PkiDir pki, String name, Set<CertRole> accepted) throws IOException, GeneralSecurityException {
        return context(pki.cert(name), pki.key(name), pki.caCert(),
                new RoleTrustManager(caTrust(pki.caCert()), EnumSet.copyOf(accepted), false, refused -> { }));
    }

    /** A client context presenting {@code name}'s certificate and trusting the CA for the server. */
    public static SSLContext client(PkiDir pki, String name) throws IOException, GeneralSecurityException {
        return context(pki.cert(name), pki.key(name), pki.caCert(), caTrust(pki.caCert()));
    }

    /**
     * A context for peers of one kind (cluster nodes): both directions present {@code cert} and accept only a certificate
     * of {@code ca} with the role {@code peers}; every refused peer is reported to {@code refused} in one line.
     */
    public static SSLContext mutual(Path cert, Path key, Path ca, CertRole peers, java.util.function.Consumer<String> refused)
            throws IOException, GeneralSecurityException {
        return context(cert, key, ca, new RoleTrustManager(caTrust(ca), EnumSet.of(peers), true, refused));
    }

    /** A server engine of {@code server} for an HTTPS listener: {@link #HTTPS_PROTOCOL}, client certificate required. */
    public static SSLEngine httpsServerEngine(SSLContext server) {
        SSLEngine engine = server.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setNeedClientAuth(true);
        engine.setEnabledProtocols(new String[] {HTTPS_PROTOCOL});
        engine.setEnabledCipherSuites(HTTPS_SUITES);
        return engine;
    }

    /** The role ({@code OU}) of a certificate issued by {@link CertificateAuthority}; null if none. */
    public static CertRole role(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("OU")) {
                    for (CertRole r : CertRole.values()) {
                        if (r.unit().equals(rdn.getValue().toString())) {
                            return r;
                        }
                    }
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    private static String expiry(Path crt) {
        try {
            return Pem.readCertificate(crt).getNotAfter().toInstant().toString();
        } catch (IOException e) {
            return "?";
        }
    }

    private static SSLContext context(Path certFile, Path keyFile, Path caFile, TrustManager trust)
            throws IOException, GeneralSecurityException {
        X509Certificate cert = Pem.readCertificate(certFile);
        PrivateKey key = Pem.readKey(keyFile);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pass = new char[0]; // in memory only; the file on disk is protected by its 0600 mode
        ks.setKeyEntry("self", key, pass, new java.security.cert.Certificate[] {cert, Pem.readCertificate(caFile)});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pass);
        SSLContext ctx = SSLContext.getInstance(PROTOCOL);
        ctx.init(kmf.getKeyManagers(), new TrustManager[] {trust}, new SecureRandom());
        return ctx;
    }

    private static X509ExtendedTrustManager caTrust(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", Pem.readCertificate(caFile));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        for (TrustManager t : tmf.getTrustManagers()) {
            if (t instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** The CA's PKIX checks, then the peer's role (of clients; of servers too if {@code servers}); refusals reported. */
    private static final class RoleTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager ca;
        private final Set<CertRole> accepted;
        private final boolean servers;
        private final java.util.function.Consumer<String> refused;

        RoleTrustManager(X509ExtendedTrustManager ca, Set<CertRole> accepted, boolean servers,
                java.util.function.Consumer<String> refused) {
            this.ca = ca;
            this.accepted = accepted;
            this.servers = servers;
            this.refused = refused;
        }

        private interface Check {
            void run() throws CertificateException;
        }

        private void check(X509Certificate[] chain, String peer, boolean roleToo, Check pkix) throws CertificateException {
            String subject = chain == null || chain.length == 0 ? "(no certificate)" : chain[0].getSubjectX500Principal().getName();
            try {
                pkix.run();
                if (roleToo) {
                    CertRole r = role(chain[0]);
                    if (r == null || !accepted.contains(r)) {
                        throw new CertificateException("not of an accepted role " + accepted);
                    }
                }
            } catch (CertificateException e) {
                refused.accept("refused TLS peer " + peer + " with certificate " + subject + ": " + e.getMessage());
                throw e;
            }
        }

        private static String peer(SSLEngine e) {
            return e == null ? "?" : e.getPeerHost() + ":" + e.getPeerPort();
        }

        private static String peer(Socket s) {
            return s == null ? "?" : String.valueOf(s.getRemoteSocketAddress());
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain, peer(socket), true, () -> ca.checkClientTrusted(chain, authType, socket));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain, peer(engine), true, () -> ca.checkClientTrusted(chain, authType, engine));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, "?", true, () -> ca.checkClientTrusted(chain, authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain, peer(socket), servers, () -> ca.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain, peer(engine), servers, () -> ca.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, "?", servers, () -> ca.checkServerTrusted(chain, authType));
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return ca.getAcceptedIssuers();
        }
    }
}
