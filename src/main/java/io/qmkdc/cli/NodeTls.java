package io.qmkdc.cli;

import com.typesafe.config.Config;
import io.qmkdc.cluster.ArteryTls;
import io.qmkdc.pki.CertRole;
import io.qmkdc.pki.PkiDir;
import io.qmkdc.pki.TlsContexts;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * How a {@code node} talks: with {@code --pki}, Artery over mutual TLS and the control API over HTTPS for operator
 * certificates; with {@code --insecure}, plain TCP and HTTP after a warning. Neither: refused, in one line.
 *
 * @param api null = plain HTTP
 */
record NodeTls(Config artery, SSLContext api, boolean insecure) {
    private static final List<String> WILDCARD_HOSTS = List.of("0.0.0.0", "::", "[::]");

    static NodeTls of(Path pki, String nodeCert, boolean insecure, String hostname, String httpHost) {
        if (pki == null) {
            if (!insecure) {
                throw new UsageError("--pki: a node needs the cluster's certificates (--pki DIR or QMKDC_PKI, made with "
                        + "'deploy/qmkdc pki'), or --insecure for plain TCP on a network you trust");
            }
            System.err.println("WARNING: --insecure: Artery runs plain TCP and the control API plain HTTP without "
                    + "authentication; anyone on the network can join, read the keys or drive the API");
            return new NodeTls(ArteryTls.insecure(), null, true);
        }
        if (insecure) {
            throw new UsageError("--insecure: not with --pki (drop one; QMKDC_PKI may be set in the environment)");
        }
        PkiDir dir = PkiCommand.open(pki);
        X509Certificate cert = switchUsable(TlsContexts.check(dir, nodeCert));
        if (TlsContexts.role(cert) != CertRole.NODE) {
            throw new UsageError("--node-cert: " + dir.cert(nodeCert) + " is not a node certificate (made with 'pki node')");
        }
        if (!sans(cert).contains(hostname)) {
            throw new UsageError("--hostname: " + hostname + " is not among the names of " + dir.cert(nodeCert) + " " + sans(cert)
                    + ", so the other nodes would refuse it (issue the node certificate with --host " + hostname + ")");
        }
        if (httpHost != null && !WILDCARD_HOSTS.contains(httpHost) && !sans(cert).contains(httpHost)) {
            throw new UsageError("--http-host: " + httpHost + " is not among the names of " + dir.cert(nodeCert) + " " + sans(cert)
                    + ", so clients could not verify the API (issue the node certificate with --host " + httpHost + ")");
        }
        try {
            return new NodeTls(ArteryTls.config(dir, nodeCert), TlsContexts.server(dir, nodeCert, EnumSet.of(CertRole.OPERATOR)), false);
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new UsageError("--node-cert: " + dir.cert(nodeCert) + ": " + e.getMessage());
        }
    }

    private static X509Certificate switchUsable(TlsContexts.Checked c) {
        if (c instanceof TlsContexts.Checked.Unusable u) {
            throw new UsageError("--node-cert: " + u.problem());
        }
        return ((TlsContexts.Checked.Usable) c).certificate();
    }

    /** The certificate's subject alternative names (DNS names and IP addresses as text). */
    static List<String> sans(X509Certificate c) {
        try {
            return c.getSubjectAlternativeNames() == null ? List.of()
                    : c.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString())
                            .toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

}
