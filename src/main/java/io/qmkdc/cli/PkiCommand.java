package io.qmkdc.cli;

import io.qmkdc.pki.CertRole;
import io.qmkdc.pki.PkiDir;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;


/**
 * {@code deploy/qmkdc pki}: the cluster's certificates (Bouncy Castle; no keytool or openssl needed). {@code init DIR}
 * makes the CA, {@code node}, {@code client} and {@code sae} issue certificates of it into the same folder.
 */
@Command(name = "pki", mixinStandardHelpOptions = true,
        description = "Make the cluster's CA and its node, operator (client) and application (sae) certificates (PEM).",
        subcommands = {PkiCommand.Init.class, PkiCommand.Node.class, PkiCommand.Client.class, PkiCommand.Sae.class})
final class PkiCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Options of the issuing subcommands. */
    static class Issuing {
        @Option(names = "--pki", paramLabel = "DIR", defaultValue = "${env:QMKDC_PKI:-pki}",
                description = "PKI folder made by 'pki init' (default ${DEFAULT-VALUE}; env QMKDC_PKI)")
        Path pki;

        @Option(names = "--days", paramLabel = "D", defaultValue = "365", description = "validity in days (default ${DEFAULT-VALUE})")
        int days;

        int issue(CertRole role, String name, List<String> hosts) {
            if (days < 1 || days > 3650) {
                throw new UsageError("--days: " + days + " is not in 1..3650");
            }
            return report(open(pki).issue(role, name, hosts, Duration.ofDays(days), new SecureRandom()));
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true, description = "Make a new CA in DIR (ca.crt, ca.key).")
    static final class Init implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "folder to create; it must not exist")
        Path dir;

        @Option(names = "--days", paramLabel = "D", defaultValue = "3650", description = "validity in days (default ${DEFAULT-VALUE})")
        int days;

        @Option(names = "--name", paramLabel = "CN", defaultValue = "qmkdc cluster CA", description = "the CA's common name (default ${DEFAULT-VALUE})")
        String name;

        @Override
        public Integer call() {
            if (days < 1 || days > 36500) {
                throw new UsageError("--days: " + days + " is not in 1..36500");
            }
            return report(PkiDir.init(dir, name, Duration.ofDays(days), new SecureRandom()));
        }
    }

    @Command(name = "node", mixinStandardHelpOptions = true,
            description = "Issue a node certificate NAME.crt/NAME.key (Artery and the control API) for its host names and addresses.")
    static final class Node extends Issuing implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", arity = "1..*", description = "the node's name (CN and file name); several share the --host list")
        List<String> names;

        @Option(names = "--host", paramLabel = "H", required = true, split = ",",
                description = "a host name or IP address the node is reached at (repeatable; each becomes a SAN)")
        List<String> hosts;

        @Override
        public Integer call() {
            for (String h : hosts) {
                if (!h.matches("[A-Za-z0-9*.:-]+") || h.isBlank()) {
                    throw new UsageError("--host: '" + h + "' is not a host name or IP address");
                }
            }
            for (String name : names) {
                issue(CertRole.NODE, name, hosts);
            }
            return 0;
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "Issue an operator certificate NAME.crt/NAME.key for the control API (attack/run --connect, curl).")
    static final class Client extends Issuing implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "the operator's name (CN and file name)")
        String name;

        @Override
        public Integer call() {
            return issue(CertRole.OPERATOR, name, List.of());
        }
    }

    @Command(name = "sae", mixinStandardHelpOptions = true,
            description = "Issue an application certificate ID.crt/ID.key whose CN is the application's (SAE's) identity.")
    static final class Sae extends Issuing implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "the application's identity (CN and file name)")
        String id;

        @Override
        public Integer call() {
            return issue(CertRole.SAE, id, List.of());
        }
    }

    private static int report(PkiDir.Written w) {
        if (w instanceof PkiDir.Written.Refused r) {
            throw new UsageError(r.problem());
        }
        PkiDir.Written.Ok ok = (PkiDir.Written.Ok) w;
        X509Certificate c = ok.certificate();
        List<String> sans = NodeTls.sans(c);
        System.out.println("wrote " + ok.files().get(0) + " (" + c.getSubjectX500Principal().getName()
                + (sans.isEmpty() ? "" : ", SAN " + String.join(" ", sans)) + ", valid "
                + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant() + ")");
        System.out.println("wrote " + ok.files().get(1) + " (private key, mode 0600)");
        return 0;
    }

    /** The PKI folder {@code dir} (a {@code --pki} value), or a usage error naming {@code --pki}. */
    static PkiDir open(Path dir) {
        PkiDir.Opened o = PkiDir.open(dir);
        if (o instanceof PkiDir.Opened.Refused r) {
            throw new UsageError("--pki: " + r.problem());
        }
        return ((PkiDir.Opened.Ok) o).pki();
    }


}
