package io.qmkdc.cli;

import io.qmkdc.pki.CertRole;
import io.qmkdc.pki.PkiDir;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The certificates of {@code serve}'s key delivery endpoint when no {@code --pki} is given: a PKI folder (default
 * {@code run/serve/pki}) made on first use with a CA, the server's certificate {@code node} for 127.0.0.1 and
 * localhost, and one SAE certificate {@code <member>.crt}/{@code .key} per member; later runs reuse it and issue only
 * the certificates still missing (a new scenario's members).
 */
final class KmePki {
    static final Path DEFAULT = Path.of("run", "serve", "pki");
    static final String SERVER = "node";
    private static final List<String> HOSTS = List.of("127.0.0.1", "localhost");

    private KmePki() {
    }

    /** Opens or makes {@code dir} and issues what is missing of the server's and the SAEs' certificates. */
    static PkiDir prepare(Path dir, Collection<String> saes, PrintStream out) {
        SecureRandom random = new SecureRandom();
        List<Path> made = new ArrayList<>();
        if (!Files.exists(dir.resolve(PkiDir.CA_CERT))) {
            made.addAll(written("--pki", PkiDir.init(dir, "qmkdc serve CA", Duration.ofDays(3650), random)));
        }
        PkiDir pki = PkiCommand.open(dir);
        if (!Files.exists(pki.cert(SERVER))) {
            made.addAll(written("--pki", pki.issue(CertRole.NODE, SERVER, HOSTS, Duration.ofDays(365), random)));
        }
        for (String sae : saes) {
            if (!Files.exists(pki.cert(sae))) {
                made.addAll(written("SAE " + sae, pki.issue(CertRole.SAE, sae, List.of(), Duration.ofDays(365), random)));
            }
        }
        out.println("key delivery certificates: " + dir + " (ca.crt, " + SERVER + ".crt, one <SAE>.crt/.key per member"
                + (made.isEmpty() ? "" : "; " + made.size() / 2 + " made now") + ")");
        return pki;
    }

    private static List<Path> written(String field, PkiDir.Written w) {
        if (w instanceof PkiDir.Written.Refused r) {
            throw new UsageError(field + ": " + r.problem());
        }
        return ((PkiDir.Written.Ok) w).files();
    }
}
