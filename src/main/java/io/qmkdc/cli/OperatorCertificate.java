package io.qmkdc.cli;

import io.qmkdc.pki.PkiDir;
import io.qmkdc.pki.TlsContexts;
import java.net.URI;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;

/** {@code --pki DIR --cert NAME}: the operator certificate an https {@code --connect} presents to the control API. */
final class OperatorCertificate {
    @Option(names = "--pki", paramLabel = "DIR", defaultValue = "${env:QMKDC_PKI}",
            description = "PKI folder with ca.crt and the operator certificate, for an https:// --connect (env QMKDC_PKI)")
    Path pki;

    @Option(names = "--cert", paramLabel = "NAME", defaultValue = "operator",
            description = "the operator certificate NAME.crt/NAME.key in the --pki folder (default ${DEFAULT-VALUE})")
    String cert;

    /** The client context for {@code base}: null for http, the operator certificate for https. */
    SSLContext context(URI base) {
        if (!"https".equals(base.getScheme())) {
            return null;
        }
        if (pki == null) {
            throw new UsageError("--pki: " + base + " needs the operator certificate (--pki DIR or QMKDC_PKI, "
                    + "e.g. run/cluster/pki of deploy/local/cluster.sh)");
        }
        PkiDir dir = PkiCommand.open(pki);
        if (TlsContexts.check(dir, cert) instanceof TlsContexts.Checked.Unusable u) {
            throw new UsageError("--cert: " + u.problem().replace("pki node " + cert, "pki client " + cert));
        }
        try {
            return TlsContexts.client(dir, cert);
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new UsageError("--cert: " + dir.cert(cert) + ": " + e.getMessage());
        }
    }
}
