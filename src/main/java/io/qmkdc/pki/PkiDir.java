package io.qmkdc.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A PKI folder as {@code deploy/qmkdc pki} writes it: {@code ca.crt}, {@code ca.key} and one {@code NAME.crt} /
 * {@code NAME.key} pair per issued certificate (all PEM, keys 0600). Opening, initializing and issuing answer with
 * sealed outcomes; the messages are one line each and name the file.
 */
public final class PkiDir {
    public static final String CA_CERT = "ca.crt";
    public static final String CA_KEY = "ca.key";
    /** Certificate names: file-name safe, never the CA's. */
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private final Path dir;

    private PkiDir(Path dir) {
        this.dir = dir;
    }

    public sealed interface Opened permits Opened.Ok, Opened.Refused {
        record Ok(PkiDir pki) implements Opened {
        }

        record Refused(String problem) implements Opened {
        }
    }

    public sealed interface Written permits Written.Ok, Written.Refused {
        /** {@code files}: what was written, in order. */
        record Ok(List<Path> files, X509Certificate certificate) implements Written {
        }

        record Refused(String problem) implements Written {
        }
    }

    /** Makes {@code dir} (which must not exist) and a new CA in it, valid {@code validity}. */
    public static Written init(Path dir, String caName, Duration validity, SecureRandom random) {
        try {
            if (Files.exists(dir)) {
                return new Written.Refused(dir + ": already exists (pki init makes a new folder; use another DIR)");
            }
            Files.createDirectories(dir);
            Instant now = Instant.now();
            CertificateAuthority ca = CertificateAuthority.create(caName, now.minus(Duration.ofMinutes(5)), now.plus(validity), random);
            Path crt = dir.resolve(CA_CERT);
            Path key = dir.resolve(CA_KEY);
            Pem.writeKey(key, ca.key());
            Pem.writeCertificate(crt, ca.certificate());
            return new Written.Ok(List.of(crt, key), ca.certificate());
        } catch (IOException e) {
            return new Written.Refused(dir + ": cannot write: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            return new Written.Refused("cannot make the CA: " + e.getMessage());
        }
    }

    /** Opens an existing PKI folder: {@code ca.crt} must be there and readable. */
    public static Opened open(Path dir) {
        Path crt = dir.resolve(CA_CERT);
        if (!Files.isDirectory(dir)) {
            return new Opened.Refused(dir + ": no such PKI folder (make one with 'deploy/qmkdc pki init " + dir + "')");
        }
        if (!Files.isReadable(crt)) {
            return new Opened.Refused(crt + ": missing or unreadable (not a PKI folder made by 'pki init'?)");
        }
        return new Opened.Ok(new PkiDir(dir));
    }

    public Path dir() {
        return dir;
    }

    public Path caCert() {
        return dir.resolve(CA_CERT);
    }

    public Path cert(String name) {
        return dir.resolve(name + ".crt");
    }

    public Path key(String name) {
        return dir.resolve(name + ".key");
    }

    /** Issues {@code name} ({@code NAME.crt}, {@code NAME.key}) with the CA in this folder. */
    public Written issue(CertRole role, String name, List<String> hosts, Duration validity, SecureRandom random) {
        return issue(role, name, hosts, Instant.now().minus(Duration.ofMinutes(5)), Instant.now().plus(validity), random);
    }

    /** As {@link #issue(CertRole, String, List, Duration, SecureRandom)} with explicit dates (tests issue expired ones). */
    public Written issue(CertRole role, String name, List<String> hosts, Instant from, Instant until, SecureRandom random) {
        if (!name.matches(NAME) || name.equals("ca")) {
            return new Written.Refused("NAME: '" + name + "' must be letters, digits, '.', '_' or '-' (at most 64), not 'ca'");
        }
        Path crt = cert(name);
        Path key = key(name);
        if (Files.exists(crt) || Files.exists(key)) {
            return new Written.Refused(crt + ": already exists (choose another NAME)");
        }
        try {
            CertificateAuthority ca = new CertificateAuthority(Pem.readCertificate(caCert()), Pem.readKey(dir.resolve(CA_KEY)), random);
            CertificateAuthority.Issued issued = ca.issue(role, name, hosts, from, until);
            Pem.writeKey(key, issued.key());
            Pem.writeCertificate(crt, issued.certificate());
            return new Written.Ok(List.of(crt, key), issued.certificate());
        } catch (IOException e) {
            return new Written.Refused(dir + ": cannot read the CA or write " + name + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            return new Written.Refused("cannot issue " + name + ": " + e.getMessage());
        }
    }
}
