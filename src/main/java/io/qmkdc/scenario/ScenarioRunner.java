package io.qmkdc.scenario;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import io.qmkdc.actor.Eavesdropper;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.optics.LinkProfile;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Plays a {@link Scenario}'s steps on a {@link ScenarioTarget} (a cluster's KDC host: the one-node cluster of
 * {@code demo} and {@code run}, or a node cluster): asks the actors, waits for the asynchronous flows to settle,
 * prints a step-by-step account and returns the {@link ScenarioReport}. The initiator role of paper §2.1.
 */
public final class ScenarioRunner {
    private static final Duration ASK = Duration.ofSeconds(10);
    private static final Duration SETTLE = Duration.ofSeconds(40);

    private final Scenario scenario;
    private final LinkProfile profile;
    private final long seed;
    private final PrintStream out;
    private ActorSystem<?> system;
    private ScenarioTarget d;
    private long start;
    private final List<String> account = new ArrayList<>();
    private final List<ScenarioReport.AttackRow> attacks = new ArrayList<>();
    private final Map<String, OpenAttack> open = new HashMap<>();
    private final Map<String, Long> epochMark = new HashMap<>();
    private int intraSent;
    private int intraDelivered;
    private int relaySent;
    private int relayDelivered;

    private record OpenAttack(String type, String group, double startedAt, int aborts, int alarms, int refusals,
            String eve) {
    }

    public ScenarioRunner(Scenario scenario, LinkProfile profile, long seed, PrintStream out) {
        this.scenario = scenario;
        this.profile = profile;
        this.seed = seed;
        this.out = out;
    }

    /** Plays the steps on {@code target}, asking through {@code system} (which it leaves running). */
    public ScenarioReport run(ActorSystem<?> system, ScenarioTarget target) {
        start = System.nanoTime();
        this.system = system;
        d = target;
        for (Scenario.Step step : scenario.steps()) {
            run(step);
        }
        return report();
    }

    private void run(Scenario.Step s) {
        switch (s.kind()) {
            case "initialize" -> initialize();
            case "send" -> send(s);
            case "relay" -> relay(s);
            case "attack" -> attack(s);
            case "detach" -> detach(s.group());
            case "reinitialize" -> reinitialize(s.group());
            case "await-rekey" -> awaitRekey(s.group());
            case "join" -> join(s);
            case "leave" -> leave(s);
            default -> say("step " + s.path() + ": unknown step " + s.kind());
        }
    }

    private void initialize() {
        QmKdc.InitializeReply r = d.initialize(scenario.name());
        if (!r.accepted()) {
            r.problems().forEach(p -> say("initialize REJECTED: " + p));
            return;
        }
        say("initialize: session '" + r.session() + "', groups " + r.groups() + ", " + d.members().size()
                + " members (" + scenario.impostors().size() + " impostor), keying " + scenario.keying());
        QmKdc.Status s = await(st -> st.auth().size() == d.members().size()
                && st.groups().stream().allMatch(g -> g.installedEpoch() >= 0 || !g.refusal().isEmpty()),
                "authentication and first group keys");
        for (QmKdc.GroupStatus g : s.groups()) {
            say(String.format(Locale.ROOT, "link%s of %s (%.0f km): keyed, QBER %.2f %%, %d key bits",
                    scenario.keying().equals("per-member") ? "s" : "", g.id(), g.linkKm(), 100 * g.qber(),
                    g.privateKeyBits()));
        }
        for (Authenticator.Completed c : s.auth().stream()
                .sorted(java.util.Comparator.comparing(Authenticator.Completed::member)).toList()) {
            say(String.format(Locale.ROOT, "authentication %s (%s): %s, %d rounds, %d failed, %d Bell checks%s",
                    c.member(), c.mode(), c.passed() ? "passed" : "REFUSED", c.rounds(), c.failedRounds(), c.checks(),
                    c.passed() ? "" : " - " + c.reason()));
        }
        for (Scenario.Impostor i : scenario.impostors()) {
            Authenticator.Completed c = s.auth().stream().filter(x -> x.member().equals(i.id())).findFirst().orElseThrow();
            attacks.add(new ScenarioReport.AttackRow("impostor", i.id(), 0, !c.passed(),
                    c.passed() ? "" : "EPR authentication (" + c.failedRounds() + " of " + c.rounds() + " rounds failed)",
                    Double.NaN, ""));
        }
        for (QmKdc.GroupStatus g : s.groups()) {
            say("group " + g.id() + ": G_k epoch " + g.installedEpoch() + " delivered to "
                    + g.members().stream().sorted().toList()
                    + (g.refusal().isEmpty() ? "" : " (" + g.refusal() + ")"));
        }
    }

    private void send(Scenario.Step s) {
        String group = d.groupOf().get(s.from());
        List<String> to = members(group);
        to.remove(s.from());
        awaitKeys(group);
        io.qmkdc.crypto.Sensitivity level = io.qmkdc.crypto.Sensitivity.valueOf(s.sensitivity());
        d.members().get(s.from()).tell(new Member.SendToGroup(s.text(), level));
        int got = awaitReceipt(to, s.text());
        intraSent++;
        intraDelivered += got;
        String how = level == io.qmkdc.crypto.Sensitivity.NORMAL ? "" : " [" + level + ", hop by hop under QKD key via the KDC]";
        String refusal = got == 0 && !to.isEmpty() ? " - " + memberStatus(s.from()).lastRefusal() : "";
        say(String.format(Locale.ROOT, "%s -> %s%s: \"%s\" delivered to %d of %d members%s", s.from(), group, how,
                s.text(), got, to.size(), refusal));
    }

    private void relay(Scenario.Step s) {
        String group = d.groupOf().get(s.from());
        List<String> to = members(s.toGroup());
        awaitKeys(group);
        awaitKeys(s.toGroup());
        d.members().get(s.from()).tell(new Member.SendToOtherGroup(s.toGroup(), s.text()));
        int got = awaitReceipt(to, s.text());
        relaySent++;
        relayDelivered += got;
        say(String.format(Locale.ROOT, "%s (%s) -> KDC relay -> %s: \"%s\" delivered to %d of %d members", s.from(),
                group, s.toGroup(), s.text(), got, to.size()));
    }

    private void attack(Scenario.Step s) {
        QmKdc.Status before = status();
        QmKdc.GroupStatus g = group(before, s.group());
        String eve = d.attach(s.type(), s.fraction(), s.count(), s.group());
        open.put(s.group(), new OpenAttack(s.type(), s.group(), elapsed(), g.aborts(), g.tamperAlarms(),
                refusals(before).size(), eve));
        say("attack: " + s.type() + (s.type().equals("intercept-resend") ? " (fraction " + s.fraction() + ")" : "")
                + " attached to the link of " + s.group());
    }

    private void reinitialize(String group) {
        QmKdc.GroupStatus before = group(status(), group);
        epochMark.put(group, before.installedEpoch());
        d.kdc().tell(new QmKdc.Reinitialize(List.of(group), "scenario"));
        QmKdc.Status s = await(st -> group(st, group).aborts() > before.aborts()
                || group(st, group).installedEpoch() > before.installedEpoch(), "re-initialization of " + group);
        QmKdc.GroupStatus g = group(s, group);
        if (g.aborts() > before.aborts()) {
            say(String.format(Locale.ROOT, "re-initialize %s: link ABORTED%s - %s; %s; retrying", group,
                    Double.isNaN(g.abortQber()) ? "" : String.format(Locale.ROOT, ", QBER %.2f %%", 100 * g.abortQber()),
                    g.lastAbort(), g.compromised() ? "link marked compromised, no group key over it"
                            : "no evidence of an attack, the link keeps its P_k"));
        } else {
            say("re-initialize " + group + ": link keyed again, G_k epoch " + g.installedEpoch());
        }
    }

    private void detach(String group) {
        OpenAttack a = open.remove(group);
        if (a == null) {
            say("detach " + group + ": nothing attached");
            return;
        }
        Eavesdropper.Report report = d.detach(a.eve());
        QmKdc.Status now = status();
        QmKdc.GroupStatus g = group(now, group);
        boolean aborted = g.aborts() > a.aborts();
        boolean alarmed = g.tamperAlarms() > a.alarms();
        List<Authenticator.Completed> refused = refusals(now);
        boolean authFailed = refused.size() > a.refusals();
        String by = alarmed ? "one-time MAC rejected " + (g.tamperAlarms() - a.alarms()) + " classical message(s)"
                + (aborted ? "; round aborted: " + brief(g.lastAbort()) : "")
                : aborted ? "link abort: " + brief(g.lastAbort())
                : authFailed ? "EPR authentication: " + refused.get(refused.size() - 1).member() + " refused ("
                        + refused.get(refused.size() - 1).reason() + ")"
                : "";
        String learned = describe(report, aborted);
        attacks.add(new ScenarioReport.AttackRow(a.type(), group, a.startedAt(), !by.isEmpty(), by,
                aborted ? g.abortQber() : Double.NaN, learned));
        say("detach: " + a.type() + " removed from " + group + (by.isEmpty() ? " (not detected)" : " (detected by " + by + ")"));
        say("eavesdropper's own report: " + learned);
    }

    private void awaitRekey(String group) {
        long mark = epochMark.getOrDefault(group, group(status(), group).installedEpoch());
        QmKdc.Status s = await(st -> !group(st, group).compromised() && group(st, group).installedEpoch() > mark,
                "re-key of " + group);
        QmKdc.GroupStatus g = group(s, group);
        say(String.format(Locale.ROOT, "%s re-keyed: link keyed (QBER %.2f %%), new G_k epoch %d", group, 100 * g.qber(),
                g.installedEpoch()));
    }

    private void join(Scenario.Step s) {
        long before = group(status(), s.group()).installedEpoch();
        d.join(s.member(), s.group());
        QmKdc.Status st = await(x -> x.auth().stream().anyMatch(c -> c.member().equals(s.member())),
                "authentication of " + s.member());
        Authenticator.Completed c = st.auth().stream().filter(x -> x.member().equals(s.member())).findFirst().orElse(null);
        if (c == null || !c.passed()) {
            say("join " + s.member() + " -> " + s.group() + ": REFUSED"
                    + (c == null ? "" : " (" + c.reason() + "); no key, G_k stays at epoch " + before));
            return;
        }
        st = await(x -> group(x, s.group()).installedEpoch() > before, "join of " + s.member());
        say("join " + s.member() + " -> " + s.group() + ": authenticated, G_k epoch " + group(st, s.group()).installedEpoch());
    }

    private static List<Authenticator.Completed> refusals(QmKdc.Status s) {
        return s.auth().stream().filter(c -> !c.passed()).toList();
    }

    /** An abort reason without its parenthesised explanation. */
    private static String brief(String reason) {
        int i = reason.indexOf(" (");
        return i > 0 ? reason.substring(0, i) : reason;
    }

    private void leave(Scenario.Step s) {
        long before = group(status(), s.group()).installedEpoch();
        d.kdc().tell(new QmKdc.Leave(s.group(), s.member(), true)); // for good: owed nothing sent after it
        QmKdc.Status st = await(x -> group(x, s.group()).installedEpoch() > before, "leave of " + s.member());
        say("leave " + s.member() + " <- " + s.group() + ": G_k epoch " + group(st, s.group()).installedEpoch());
    }

    private ScenarioReport report() {
        QmKdc.Status s = status();
        List<ScenarioReport.GroupRow> groups = new ArrayList<>();
        for (QmKdc.GroupStatus g : s.groups()) {
            groups.add(new ScenarioReport.GroupRow(g.id(), g.members().stream().sorted().toList(), g.linkKm(), g.qber(), g.aborts() > 0, g.aborts(),
                    g.compromised(), g.privateKeyBits(), g.installedEpoch()));
        }
        List<ScenarioReport.AuthRow> auth = new ArrayList<>();
        for (Authenticator.Completed c : s.auth().stream()
                .sorted(java.util.Comparator.comparing(Authenticator.Completed::member)).toList()) {
            auth.add(new ScenarioReport.AuthRow(c.member(), c.mode(), c.passed(), c.rounds(), c.failedRounds(), c.checks(),
                    c.checkMismatches()));
        }
        long rejected = s.relayRejected();
        for (String m : d.members().keySet()) {
            rejected += memberStatus(m).rejected();
        }
        for (String g : new ArrayList<>(open.keySet())) {
            detach(g);
        }
        return new ScenarioReport(scenario.name(), seed, elapsed(), groups, auth,
                new ScenarioReport.Messages(intraSent, intraDelivered, relaySent, relayDelivered, rejected),
                List.copyOf(attacks), List.copyOf(account));
    }

    /** Eve's report in words. */
    private static String describe(Eavesdropper.Report r, boolean aborted) {
        List<String> parts = new ArrayList<>();
        if (r.siftedKnown() > 0) {
            parts.add(String.format(Locale.ROOT, "knew %d of %d sifted bits (%.0f %%)%s", r.siftedKnown(), r.siftedSeen(),
                    100.0 * r.siftedKnown() / r.siftedSeen(), aborted ? ", all discarded by the abort" : ""));
        }
        if (r.impostorRounds() > 0) {
            parts.add("answered " + r.impostorRounds() + " EPR rounds without K_c");
        }
        if (r.updateBitsLearned() > 0) {
            parts.add("learned " + r.updateBitsLearned() + " key-update bits K'_{2i-1}");
        }
        if (r.classicalTampered() + r.classicalReplayed() + r.classicalDropped() > 0) {
            parts.add("flipped " + r.classicalTampered() + ", replayed " + r.classicalReplayed() + ", dropped "
                    + r.classicalDropped() + " classical messages");
        }
        return parts.isEmpty() ? "nothing" : String.join("; ", parts);
    }

    // --- helpers ---

    private List<String> members(String group) {
        return new ArrayList<>(group(status(), group).members());
    }

    private void awaitKeys(String group) {
        long epoch = group(status(), group).installedEpoch();
        for (String m : members(group)) {
            awaitMember(m, st -> st.epoch() >= epoch);
        }
    }

    private int awaitReceipt(List<String> to, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int got;
        do {
            got = 0;
            for (String m : to) {
                if (memberStatus(m).received().contains(text)) {
                    got++;
                }
            }
            if (got == to.size()) {
                return got;
            }
            pause();
        } while (System.nanoTime() < deadline);
        return got;
    }

    private Member.Status awaitMember(String m, Predicate<Member.Status> ok) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        Member.Status st;
        do {
            st = memberStatus(m);
            if (ok.test(st)) {
                return st;
            }
            pause();
        } while (System.nanoTime() < deadline);
        return st;
    }

    private QmKdc.Status await(Predicate<QmKdc.Status> ok, String what) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        QmKdc.Status s;
        do {
            s = status();
            if (ok.test(s)) {
                return s;
            }
            pause();
        } while (System.nanoTime() < deadline);
        say("TIMEOUT waiting for " + what);
        return s;
    }

    private QmKdc.Status status() {
        return ask(d.kdc(), QmKdc.GetStatus::new);
    }

    private Member.Status memberStatus(String m) {
        return ask(d.members().get(m), Member.GetStatus::new);
    }

    private static QmKdc.GroupStatus group(QmKdc.Status s, String id) {
        return s.groups().stream().filter(g -> g.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no group " + id + " at the KDC"));
    }

    private <Req, Res> Res ask(ActorRef<Req> target, Function<ActorRef<Res>, Req> message) {
        try {
            return AskPattern.<Req, Res>ask(target, message::apply, ASK, system.scheduler()).toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("no answer from " + target.path().name() + ": " + e.getCause(), e);
        }
    }

    private void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    private void say(String line) {
        String l = String.format(Locale.ROOT, "[%6.2fs] %s", elapsed(), line);
        account.add(l);
        out.println(l);
        out.flush();
    }
}
