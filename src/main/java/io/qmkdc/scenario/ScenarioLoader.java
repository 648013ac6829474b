package io.qmkdc.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.qmkdc.crypto.Sensitivity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a scenario (HOCON) and checks every setting; all problems are collected, one per line,
 * each naming the setting's path ({@code scenario.groups[1].members[0]: duplicate member 'a1'}).
 */
public final class ScenarioLoader {
    /** The scenario is unusable; {@link #problems()} says why, one line each. */
    public static final class Invalid extends RuntimeException {
        private final List<String> problems;

        Invalid(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    static final Set<String> ATTACKS = Set.of("intercept-resend", "pns", "denial", "measure-pair", "impostor", "intercept-return",
            "tamper-flip", "tamper-replay", "tamper-drop");
    static final Set<String> STEPS = Set.of("initialize", "send", "relay", "attack", "detach", "reinitialize",
            "await-rekey", "join", "leave");

    private ScenarioLoader() {
    }

    /** A file path, or the name of a bundled scenario (e.g. {@code demo}). */
    public static Scenario load(String nameOrPath) {
        Path p = Path.of(nameOrPath);
        if (Files.isRegularFile(p)) {
            try {
                return parse(Files.readString(p), nameOrPath);
            } catch (IOException e) {
                throw new Invalid(List.of(nameOrPath + ": cannot read: " + e.getMessage()));
            }
        }
        Path home = Path.of(System.getProperty("qmkdc.home", System.getenv().getOrDefault("QMKDC_HOME", ".")))
                .resolve("conf/scenarios/" + nameOrPath + ".conf");
        if (Files.isRegularFile(home)) {
            return load(home.toString());
        }
        try (InputStream in = ScenarioLoader.class.getClassLoader()
                .getResourceAsStream("conf/scenarios/" + nameOrPath + ".conf")) {
            if (in != null) {
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "conf/scenarios/" + nameOrPath + ".conf");
            }
        } catch (IOException e) {
            throw new Invalid(List.of(nameOrPath + ": cannot read: " + e.getMessage()));
        }
        throw new Invalid(List.of(nameOrPath + ": no such scenario file"));
    }

    /**
     * Parses and checks a scenario. The text's nesting is scanned first ({@link Nesting}): the HOCON parser recurses
     * once per level and would overflow its stack on a few thousand {@code [}. A scenario is plain data (it may come
     * over the control API): no {@code include} (it would read files or URLs of the server) and no {@code ${…}}
     * substitutions (they would read the server's environment, and 30 doubling ones make a string of gigabytes).
     */
    public static Scenario parse(String text, String origin) {
        if (Nesting.scan(text, Nesting.Syntax.HOCON, Nesting.MAX_DEPTH) instanceof Nesting.TooDeep deep) {
            throw new Invalid(List.of(origin + ": not valid HOCON: " + deep.problem()));
        }
        Config root;
        try {
            root = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                    .setOriginDescription(origin).setIncluder(NoIncludes.INSTANCE));
            if (!root.isResolved()) {
                throw new Invalid(List.of(origin + ": substitutions (${...}) are not allowed in a scenario"));
            }
        } catch (ConfigException e) {
            throw new Invalid(List.of(origin + ": not valid HOCON: " + e.getMessage()));
        } catch (StackOverflowError e) {
            // Not relied on (the scan above refuses deep nesting); kept so that a parser path the scan misreads
            // still costs one request, not the JVM.
            throw new Invalid(List.of(origin + ": not valid HOCON: too deeply nested"));
        }
        Checker c = new Checker(root);
        if (!root.hasPath("scenario")) {
            throw new Invalid(List.of("scenario: missing (the file must define a `scenario { ... }` block)"));
        }
        String name = c.string("scenario.name", "scenario");
        String profile = c.string("scenario.profile", "gys");
        String keying = c.oneOf("scenario.keying-mode", "per-group", Set.of("per-group", "per-member"));
        Scenario.Auth auth = new Scenario.Auth(
                c.oneOf("scenario.auth.mode", "hardened", Set.of("paper", "hardened")),
                (int) c.number("scenario.auth.rounds", 32, 1, 512),
                c.number("scenario.auth.check-fraction", 0.25, 0, 1),
                c.numberBelow("scenario.auth.tolerance", 0.0, 0, 1));
        Scenario.Link link = new Scenario.Link(
                (long) c.number("scenario.link.target-detections", 300_000, 10_000, 5_000_000),
                (long) c.number("scenario.link.round-timeout-ms", 5000, 100, 600_000),
                (long) c.number("scenario.link.retry-delay-ms", 300, 10, 600_000));
        List<Scenario.GroupPlan> groups = groups(c);
        Set<String> groupIds = new HashSet<>();
        Set<String> memberIds = new HashSet<>();
        for (Scenario.GroupPlan g : groups) {
            groupIds.add(g.id());
            memberIds.addAll(g.members());
        }
        List<Scenario.Impostor> impostors = impostors(c, groupIds, memberIds);
        List<Scenario.Step> steps = steps(c, groupIds, memberIds);
        if (!c.problems.isEmpty()) {
            throw new Invalid(c.problems);
        }
        io.qmkdc.gkm.RekeyPolicy rekey = new io.qmkdc.gkm.RekeyPolicy(
                c.oneOf("scenario.rekey.scheme", "star", Set.of("star", "lkh")),
                (int) c.number("scenario.rekey.degree", 4, 2, 64),
                (long) c.number("scenario.rekey.batch-ms", 1000, 0, 60_000));
        if (!c.problems.isEmpty()) {
            throw new Invalid(c.problems);
        }
        return new Scenario(name, profile, keying, auth, link, groups, impostors, steps, rekey);
    }

    private static List<Scenario.GroupPlan> groups(Checker c) {
        List<Scenario.GroupPlan> out = new ArrayList<>();
        List<? extends Config> list = c.objects("scenario.groups");
        if (list.isEmpty() && c.problems.stream().noneMatch(p -> p.startsWith("scenario.groups"))) {
            c.problems.add("scenario.groups: empty (at least one group is needed)");
        }
        Set<String> ids = new HashSet<>();
        Set<String> members = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Checker g = new Checker(list.get(i), "scenario.groups[" + i + "].", c.problems);
            String id = g.string("id", null);
            if (id != null && !ids.add(id)) {
                c.problems.add("scenario.groups[" + i + "].id: duplicate group '" + id + "'");
            }
            double km = g.number("link-km", Double.NaN, 0, 200);
            String sensitivity = g.oneOf("sensitivity", "NORMAL", Set.of(names(Sensitivity.values())));
            List<String> m = g.strings("members");
            if (m.isEmpty()) {
                c.problems.add("scenario.groups[" + i + "].members: empty group");
            }
            for (int j = 0; j < m.size(); j++) {
                if (!members.add(m.get(j))) {
                    c.problems.add("scenario.groups[" + i + "].members[" + j + "]: duplicate member '" + m.get(j) + "'");
                }
            }
            out.add(new Scenario.GroupPlan(id, km, sensitivity, m));
        }
        return out;
    }

    private static List<Scenario.Impostor> impostors(Checker c, Set<String> groups, Set<String> members) {
        List<Scenario.Impostor> out = new ArrayList<>();
        if (!c.config.hasPath("scenario.impostors")) {
            return out;
        }
        List<? extends Config> list = c.objects("scenario.impostors");
        for (int i = 0; i < list.size(); i++) {
            String at = "scenario.impostors[" + i + "]";
            Checker k = new Checker(list.get(i), at + ".", c.problems);
            String id = k.string("id", null);
            String group = k.groupOf("group", groups);
            if (id != null && !members.add(id)) {
                c.problems.add(at + ".id: duplicate member '" + id + "'");
            }
            out.add(new Scenario.Impostor(id, group));
        }
        return out;
    }

    private static List<Scenario.Step> steps(Checker c, Set<String> groups, Set<String> members) {
        List<Scenario.Step> out = new ArrayList<>();
        List<? extends Config> list = c.objects("scenario.steps");
        Set<String> known = new HashSet<>(members);
        for (int i = 0; i < list.size(); i++) {
            String at = "scenario.steps[" + i + "]";
            Checker s = new Checker(list.get(i), at + ".", c.problems);
            String kind = s.oneOf("do", null, STEPS);
            String from = null;
            String text = null;
            String group = null;
            String toGroup = null;
            String type = null;
            String member = null;
            double fraction = 1.0;
            int count = 1;
            String sensitivity = "NORMAL";
            if ("send".equals(kind) || "relay".equals(kind)) {
                from = s.memberOf("from", known);
                text = s.string("text", null);
            }
            if ("send".equals(kind)) {
                sensitivity = s.oneOf("sensitivity", "NORMAL", Set.of(names(Sensitivity.values())));
            }
            if ("relay".equals(kind)) {
                toGroup = s.groupOf("to-group", groups);
            }
            if ("attack".equals(kind)) {
                type = s.oneOf("type", null, ATTACKS);
                fraction = s.number("fraction", 1.0, 0, 1);
                count = (int) s.number("count", 1, 0, 1_000_000);
            }
            if (kind != null && List.of("attack", "detach", "reinitialize", "await-rekey", "join", "leave").contains(kind)) {
                group = s.groupOf("group", groups);
            }
            if ("join".equals(kind)) {
                member = s.string("member", null);
                if (member != null && !known.add(member)) {
                    c.problems.add(at + ".member: duplicate member '" + member + "'");
                }
            }
            if ("leave".equals(kind)) {
                member = s.memberOf("member", known);
            }
            out.add(new Scenario.Step(kind, from, text, group, toGroup, type, fraction, count, member, sensitivity, at));
        }
        return out;
    }

    private static String[] names(Enum<?>[] values) {
        String[] n = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            n[i] = values[i].name();
        }
        return n;
    }

    /** Typed reads that record a problem (with the full path) instead of throwing. */
    private static final class Checker {
        final Config config;
        final String prefix;
        final List<String> problems;

        Checker(Config config) {
            this(config, "", new ArrayList<>());
        }

        Checker(Config config, String prefix, List<String> problems) {
            this.config = config;
            this.prefix = prefix;
            this.problems = problems;
        }

        String string(String path, String fallback) {
            if (!config.hasPath(path)) {
                if (fallback == null) {
                    problems.add(prefix + path + ": missing");
                }
                return fallback;
            }
            try {
                String v = config.getString(path);
                if (v.isBlank()) {
                    problems.add(prefix + path + ": empty");
                    return fallback;
                }
                return v;
            } catch (ConfigException e) {
                problems.add(prefix + path + ": must be text");
                return fallback;
            }
        }

        String oneOf(String path, String fallback, Set<String> allowed) {
            String v = string(path, fallback);
            if (v != null && !allowed.contains(v)) {
                problems.add(prefix + path + ": '" + v + "' is not one of " + new java.util.TreeSet<>(allowed));
                return fallback;
            }
            return v;
        }

        String memberOf(String path, Set<String> members) {
            return known(path, members, "member");
        }

        String groupOf(String path, Set<String> groups) {
            return known(path, groups, "group");
        }

        /** The id at {@code path}; one not in {@code ids} is a problem ("unknown member 'x'"), yet read as it is. */
        private String known(String path, Set<String> ids, String kind) {
            String v = string(path, null);
            if (v != null && !ids.contains(v)) {
                problems.add(prefix + path + ": unknown " + kind + " '" + v + "'");
            }
            return v;
        }

        double number(String path, double fallback, double min, double max) {
            if (!config.hasPath(path)) {
                if (Double.isNaN(fallback)) {
                    problems.add(prefix + path + ": missing (allowed " + min + " .. " + max + ")");
                }
                return fallback;
            }
            try {
                double v = config.getDouble(path);
                if (!(v >= min && v <= max)) {
                    problems.add(prefix + path + ": " + v + " outside [" + min + ", " + max + "]");
                }
                return v;
            } catch (ConfigException e) {
                problems.add(prefix + path + ": must be a number in [" + min + ", " + max + "]");
                return fallback;
            }
        }

        double numberBelow(String path, double fallback, double min, double maxExclusive) {
            double v = number(path, fallback, min, maxExclusive);
            if (v == maxExclusive) {
                problems.add(prefix + path + ": must be below " + maxExclusive);
            }
            return v;
        }

        List<String> strings(String path) {
            return list(path, config::getStringList, "ids");
        }

        List<Config> objects(String path) {
            return list(path, p -> Collections.unmodifiableList(config.getConfigList(p)), "objects");
        }

        /** The list at {@code path} as {@code get} reads it; a missing or mistyped one is a problem and reads empty. */
        private <T> List<T> list(String path, Function<String, List<T>> get, String elements) {
            if (!config.hasPath(path)) {
                problems.add(prefix + path + ": missing");
                return List.of();
            }
            try {
                return get.apply(path);
            } catch (ConfigException e) {
                problems.add(prefix + path + ": must be a list of " + elements);
                return List.of();
            }
        }
    }
}
