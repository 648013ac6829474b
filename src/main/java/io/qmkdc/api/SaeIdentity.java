package io.qmkdc.api;

import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.headers.TlsSessionInfo;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Who is calling the 014 endpoint: the SAE id, or empty (401). The real source is {@link #fromClientCertificate()};
 * tests on plain HTTP pass their own.
 */
@FunctionalInterface
public interface SaeIdentity {
    Optional<String> of(HttpRequest request);

    /**
     * The subject CN of the TLS client certificate (ETSI GS QKD 014 §4: SAEs authenticate by certificate). Needs
     * {@code akka.http.server.parsing.tls-session-info-header = on}, which adds the {@code Tls-Session-Info} header
     * to every request of a TLS connection; the handshake has already checked the chain against the CA.
     */
    static SaeIdentity fromClientCertificate() {
        return request -> request.getHeader(TlsSessionInfo.class).flatMap(info -> {
            try {
                Certificate[] chain = info.getSession().getPeerCertificates();
                if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                    return Optional.empty();
                }
                RDN[] cns = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
                return cns.length == 1 ? Optional.of(IETFUtils.valueToString(cns[0].getFirst().getValue()))
                        : Optional.empty();
            } catch (SSLPeerUnverifiedException e) {
                return Optional.empty();
            }
        });
    }
}
