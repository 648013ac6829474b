package io.qmkdc.pki;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Test PKI folders: a cluster CA with node, operator and SAE certificates, and a foreign CA. */
public final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestPki() {
    }

    /** A new CA in {@code dir} (which must not exist). */
    public static PkiDir init(Path dir) {
        ok(PkiDir.init(dir, "test CA", Duration.ofDays(1), RANDOM));
        return ((PkiDir.Opened.Ok) PkiDir.open(dir)).pki();
    }

    public static void issue(PkiDir pki, CertRole role, String name, String... hosts) {
        ok(pki.issue(role, name, List.of(hosts), Duration.ofDays(1), RANDOM));
    }

    /** A certificate that expired an hour ago. */
    public static void issueExpired(PkiDir pki, CertRole role, String name, String... hosts) {
        Instant now = Instant.now();
        ok(pki.issue(role, name, List.of(hosts), now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1)), RANDOM));
    }

    private static void ok(PkiDir.Written w) {
        if (w instanceof PkiDir.Written.Refused r) {
            throw new AssertionError(r.problem());
        }
    }
}
