package io.qmkdc.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.qmkdc.optics.LinkProfile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * {@code manifest.json}: what is needed to rerun a sweep and to trust its numbers — the link
 * profile, the seed, the number of pulses per point, the code revision, the JVM and OS, and how
 * long the sweep took (wall time is recorded, never asserted on).
 *
 * @param profile         the link profile the sweep ran with
 * @param seed            seed of the sweep's random generator
 * @param pulses          pulses emulated per point (per run)
 * @param gitRevision     {@code git rev-parse HEAD} of the working tree, or "unknown"
 * @param javaVersion     {@code java.version}
 * @param javaVendor      {@code java.vendor}
 * @param osName          {@code os.name}
 * @param osVersion       {@code os.version}
 * @param osArch          {@code os.arch}
 * @param wallTimeSeconds wall-clock duration of the sweep
 * @param createdUtc      ISO-8601 instant the manifest was made
 */
public record Manifest(
        LinkProfile profile,
        long seed,
        long pulses,
        String gitRevision,
        String javaVersion,
        String javaVendor,
        String osName,
        String osVersion,
        String osArch,
        double wallTimeSeconds,
        String createdUtc) {

    public static final String UNKNOWN = "unknown";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Manifest {
        Objects.requireNonNull(profile, "profile");
        if (pulses < 0) {
            throw new IllegalArgumentException("pulses must be >= 0, was " + pulses);
        }
    }

    /** A manifest for a sweep that just ran: revision, JVM and OS read from this process. */
    public static Manifest capture(LinkProfile profile, long seed, long pulses, double wallTimeSeconds) {
        return new Manifest(profile, seed, pulses, gitRevision(Path.of("")),
                System.getProperty("java.version", UNKNOWN), System.getProperty("java.vendor", UNKNOWN),
                System.getProperty("os.name", UNKNOWN), System.getProperty("os.version", UNKNOWN),
                System.getProperty("os.arch", UNKNOWN), wallTimeSeconds, Instant.now().toString());
    }

    /** {@code git rev-parse HEAD} run in {@code dir}; "unknown" when git or the repository is absent. */
    public static String gitRevision(Path dir) {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD")
                    .directory(dir.toAbsolutePath().toFile())
                    .redirectErrorStream(true)
                    .start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readNBytes(256), StandardCharsets.UTF_8).trim();
            }
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return UNKNOWN;
            }
            return p.exitValue() == 0 && out.matches("[0-9a-f]{40,64}") ? out : UNKNOWN;
        } catch (IOException e) {
            return UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNKNOWN;
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("manifest is not serializable", e);
        }
    }

    public static Manifest fromJson(String json) throws IOException {
        return JSON.readValue(json, Manifest.class);
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    public static Manifest read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Manifest.class);
    }
}
