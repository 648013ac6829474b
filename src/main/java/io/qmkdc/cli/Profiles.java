package io.qmkdc.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.qmkdc.optics.LinkProfile;
import java.io.File;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads {@link LinkProfile}s from HOCON: a path to a file, or a name looked up in
 * {@code $QMKDC_HOME/conf/profiles/NAME.conf} and then in the jar's bundled {@code conf/profiles}.
 * Every key and its allowed range is in {@code conf/profiles/README.md}; a bad value is reported
 * with the file, key and range.
 */
public final class Profiles {
    private Profiles() {
    }

    public static LinkProfile load(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new UsageError("--profile: empty; give a name in conf/profiles (e.g. gys) or a .conf file");
        }
        Path asPath = Path.of(nameOrPath);
        if (nameOrPath.endsWith(".conf") || nameOrPath.contains(File.separator)) {
            if (!Files.isRegularFile(asPath)) {
                throw new UsageError("--profile: file " + nameOrPath + " not found");
            }
            return parse(read(asPath), nameOrPath);
        }
        if (!nameOrPath.matches("[A-Za-z0-9_.-]+")) {
            throw new UsageError("--profile: '" + nameOrPath + "' is not a profile name (letters, digits, . _ -)");
        }
        Path inHome = home().resolve("conf/profiles/" + nameOrPath + ".conf");
        if (Files.isRegularFile(inHome)) {
            return parse(read(inHome), inHome.toString());
        }
        String resource = "conf/profiles/" + nameOrPath + ".conf";
        try (InputStream in = Profiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
            }
        } catch (java.io.IOException e) {
            throw new UsageError("--profile: cannot read " + resource + ": " + e.getMessage());
        }
        throw new UsageError("--profile: unknown profile '" + nameOrPath + "'; known: " + String.join(", ", known()));
    }

    /** Profile names found in the home folder and the jar. */
    public static List<String> known() {
        List<String> names = new ArrayList<>();
        File[] files = home().resolve("conf/profiles").toFile().listFiles((d, n) -> n.endsWith(".conf"));
        if (files != null) {
            for (File f : files) {
                names.add(f.getName().replace(".conf", ""));
            }
        }
        if (!names.contains("gys")) {
            names.add("gys");
        }
        names.sort(String::compareTo);
        return names;
    }

    static Path home() {
        String home = System.getProperty("qmkdc.home", System.getenv().getOrDefault("QMKDC_HOME", "."));
        return Path.of(home);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (java.io.IOException e) {
            throw new UsageError("--profile: cannot read " + path + ": " + e.getMessage());
        }
    }

    /** Parses and validates one profile; {@code origin} names the source in error messages. */
    public static LinkProfile parse(String hocon, String origin) {
        Config root;
        try (Reader r = new java.io.StringReader(hocon)) {
            root = ConfigFactory.parseReader(r, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                    .setOriginDescription(origin)).resolve();
        } catch (ConfigException e) {
            throw new UsageError("profile " + origin + ": malformed: " + oneLine(e.getMessage()));
        } catch (java.io.IOException e) {
            throw new UsageError("profile " + origin + ": " + e.getMessage());
        }
        if (!root.hasPath("profile")) {
            throw new UsageError("profile " + origin + ": no 'profile { ... }' block");
        }
        Fields f = new Fields(root.getConfig("profile"), origin);
        String name = f.string("name");
        double alpha = f.number("fiber-loss-db-per-km", 0, 10, true, true);
        double eta = f.number("detector-efficiency", 0, 1, false, true);
        double y0 = f.number("dark-count-probability", 0, 0.1, true, true);
        double ed = f.number("misalignment-error", 0, 0.5, true, true);
        double fec = f.number("error-correction-efficiency", 1, 3, true, true);
        double q = f.number("basis-sifting-factor", 0, 1, false, true);
        double lambda = f.number("wavelength-nm", 0, 10000, false, true);
        double rate = f.number("repetition-rate-hz", 0, 1e12, false, true);
        double mu = f.number("signal-mu", 0, 10, false, true);
        double nu = f.number("decoy-nu", 0, mu, false, false);
        double ps = f.number("signal-probability", 0, 1, false, true);
        double pd = f.number("decoy-probability", 0, 1 - ps, true, true);
        double po = f.number("qber-threshold", 0, 0.5, false, true);
        return new LinkProfile(name, alpha, eta, y0, ed, fec, q, lambda, rate, mu, nu, ps, pd, po);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    /** Reads keys one by one and reports the first bad one with its allowed range. */
    private record Fields(Config c, String origin) {
        String string(String key) {
            require(key);
            try {
                String s = c.getString(key);
                if (s.isBlank()) {
                    throw new UsageError("profile " + origin + ": " + key + " is empty");
                }
                return s;
            } catch (ConfigException.WrongType e) {
                throw new UsageError("profile " + origin + ": " + key + " must be a string");
            }
        }

        double number(String key, double lo, double hi, boolean loInclusive, boolean hiInclusive) {
            require(key);
            double v;
            try {
                v = c.getDouble(key);
            } catch (ConfigException.WrongType e) {
                throw new UsageError("profile " + origin + ": " + key + " must be a number, was '"
                        + c.getValue(key).unwrapped() + "'");
            }
            boolean ok = !Double.isNaN(v) && (loInclusive ? v >= lo : v > lo) && (hiInclusive ? v <= hi : v < hi);
            if (!ok) {
                throw new UsageError("profile " + origin + ": " + key + " = " + v + " is outside "
                        + (loInclusive ? "[" : "(") + fmt(lo) + ", " + fmt(hi) + (hiInclusive ? "]" : ")"));
            }
            return v;
        }

        private void require(String key) {
            if (!c.hasPath(key)) {
                throw new UsageError("profile " + origin + ": missing key " + key
                        + " (see conf/profiles/README.md)");
            }
        }

        private static String fmt(double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
        }
    }

}
