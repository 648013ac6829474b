package io.qmkdc.api;

import io.qmkdc.pki.CertRole;
import io.qmkdc.pki.PkiDir;
import io.qmkdc.pki.TestPki;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * The console on a 3-node cluster started by {@code deploy/local/cluster.sh start 3}, over mutual TLS, in real headless
 * Chromium holding the operator certificate: the certificate and the CA go into an NSS database of the browser's own
 * HOME (certutil / pk12util from libnss3-tools, the PKCS#12 by openssl as cluster.sh writes it), and a Chromium policy
 * (AutoSelectCertificateForUrls, for this run's URL only, removed afterwards) presents it without a dialog. From the
 * page: demo.conf posted as a scenario and its account played to done, intercept-resend attached on g2 turns g2's row
 * compromised, detaching it shows g2 re-keyed; the topology lists the three nodes; no error in the browser console.
 * The nodes are the test classpath's {@code Main node} (cluster.sh's QMKDC_NODE_CMD) on free ports outside the fixed
 * 25520/8558 ones. Screenshot: target/console-cluster-attack.png (docs/console-cluster-attack.png is one).
 */
public class ConsoleClusterBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path POLICIES = Path.of("/etc/chromium/policies/managed");

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static Path runDir;
    private static Path policy;
    private static String url;
    private static String startOutput;
    private static WebDriver browser;

    @BeforeClass
    public static void start() throws Exception {
        String chromium = find("/usr/bin/chromium", "/usr/bin/chromium-browser");
        String driver = find("/usr/bin/chromedriver");
        find("/usr/bin/certutil");
        find("/usr/bin/pk12util");
        find("/usr/bin/openssl");
        Path root = tmp.getRoot().toPath();
        PkiDir pki = TestPki.init(root.resolve("pki"));
        for (int i = 0; i < 3; i++) {
            TestPki.issue(pki, CertRole.NODE, "node-" + i, "127.0.0.1", "localhost");
        }
        TestPki.issue(pki, CertRole.OPERATOR, "operator");
        Path p12 = pki.dir().resolve("operator.p12");
        Files.writeString(pki.dir().resolve("operator.p12.pass"), "console-test\n");
        run(List.of("openssl", "pkcs12", "-export", "-name", "qmkdc operator", "-in", pki.dir().resolve("operator.crt").toString(),
                "-inkey", pki.dir().resolve("operator.key").toString(), "-certfile", pki.dir().resolve("ca.crt").toString(),
                "-passout", "file:" + pki.dir().resolve("operator.p12.pass"), "-out", p12.toString()), Map.of());

        int base = freeBase();
        int http = base + 3;
        url = "https://127.0.0.1:" + http + "/";
        runDir = root.resolve("cluster");
        String node = String.join(" ", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.qmkdc.cli.Main", "node");
        startOutput = run(List.of("deploy/local/cluster.sh", "start", "3"), Map.of("QMKDC_RUN_DIR", runDir.toString(),
                "QMKDC_PKI", pki.dir().toString(), "QMKDC_NODE_CMD", node, "QMKDC_BASE_PORT", String.valueOf(base),
                "QMKDC_BASE_HTTP_PORT", String.valueOf(http), "QMKDC_BASE_METRICS_PORT", String.valueOf(base + 6),
                // Links re-keyed every 5 s: an attack attached between rounds shows at the next one.
                "QMKDC_REKEY_S", "5", "QMKDC_TRAFFIC_MS", "500"));

        // The browser's certificate store: its HOME's NSS database with the operator's key pair and the CA trusted.
        Path home = Files.createDirectories(root.resolve("home"));
        Path nss = Files.createDirectories(home.resolve(".pki/nssdb"));
        run(List.of("certutil", "-d", "sql:" + nss, "-N", "--empty-password"), Map.of());
        run(List.of("pk12util", "-i", p12.toString(), "-d", "sql:" + nss, "-w",
                pki.dir().resolve("operator.p12.pass").toString(), "-K", ""), Map.of());
        run(List.of("certutil", "-d", "sql:" + nss, "-A", "-n", "qmkdc test CA", "-t", "C,,", "-i",
                pki.dir().resolve("ca.crt").toString()), Map.of());
        policy = POLICIES.resolve("qmkdc-console-test-" + http + ".json");
        try {
            Files.createDirectories(POLICIES);
            Files.writeString(policy, "{\"AutoSelectCertificateForUrls\": [\"{\\\"pattern\\\":\\\"https://127.0.0.1:" + http
                    + "\\\",\\\"filter\\\":{\\\"SUBJECT\\\":{\\\"CN\\\":\\\"operator\\\"}}}\"]}\n");
        } catch (IOException e) {
            policy = null;
            fail("cannot write the Chromium policy " + POLICIES + " (" + e + "): headless Chromium presents a client "
                    + "certificate only by policy; run the tests as root (deploy/test in CI is)");
        }

        ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1750",
                "--user-data-dir=" + tmp.newFolder("profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(driver))
                .withEnvironment(Map.of("HOME", home.toString())).build(), options);
    }

    @AfterClass
    public static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (policy != null) {
                Files.deleteIfExists(policy);
            }
            if (runDir != null) {
                run(List.of("deploy/local/cluster.sh", "stop"), Map.of("QMKDC_RUN_DIR", runDir.toString(),
                        "QMKDC_STOP_TIMEOUT", "10"));
            }
        }
    }

    @Test
    public void theClusterConsoleOverMutualTlsPlaysAScenarioAndShowsAnAttack() throws Exception {
        assertTrue("cluster.sh prints the console's URL:\n" + startOutput, startOutput.contains("console: " + url));
        listening(Integer.parseInt(url.replaceAll(".*:(\\d+)/$", "$1")));
        browser.get(url);
        until(d -> "live".equals(d.findElement(By.tagName("body")).getAttribute("data-state")));
        until(d -> d.findElements(By.cssSelector("#topology tbody tr")).size() == 3);

        // demo.conf posted from the page's scenario form; its account plays to done.
        String demo = Files.readString(Path.of("conf/scenarios/demo.conf"));
        ((JavascriptExecutor) browser).executeScript("document.getElementById('scenario-text').value = arguments[0];", demo);
        ConsoleBrowserTest.click(browser, By.id("run-scenario"));
        until(d -> ConsoleBrowserTest.text(d, By.id("scenario-message")).endsWith(": done"));
        String account = ConsoleBrowserTest.text(browser, By.id("scenario-account"));
        assertTrue("the account shows the scenario's attack caught: " + account, account.contains("g2"));
        until(d -> ConsoleBrowserTest.text(d, By.cssSelector("#topology tbody")).contains("b1"));
        until(d -> "keyed".equals(ConsoleBrowserTest.linkState(d, "g2")) || "re-keyed".equals(ConsoleBrowserTest.linkState(d, "g2")));

        ConsoleBrowserTest.click(browser, By.cssSelector("#attack-target option[value='g2']"));
        ConsoleBrowserTest.click(browser, By.id("attach"));
        until(d -> "compromised".equals(ConsoleBrowserTest.linkState(d, "g2")));
        until(d -> ConsoleBrowserTest.text(d, By.cssSelector("#aborts tbody")).contains("QBER"));
        assertEquals("g1 untouched", "keyed", ConsoleBrowserTest.linkState(browser, "g1"));
        ConsoleBrowserTest.screenshot(browser, "console-cluster-attack.png");

        ConsoleBrowserTest.click(browser, By.cssSelector("#attacks button[data-detach]"));
        until(d -> d.findElements(By.cssSelector("#attacks tbody tr")).isEmpty());
        until(d -> "re-keyed".equals(ConsoleBrowserTest.linkState(d, "g2")));

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue("browser console errors: " + errors, errors.isEmpty());
    }

    private static void until(java.util.function.Function<WebDriver, Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Boolean.TRUE.equals(condition.apply(browser))) {
            if (System.nanoTime() > deadline) {
                fail("not within " + WAIT.toSeconds() + " s; the page shows:\n" + browser.findElement(By.tagName("main")).getText()
                        + "\n" + tails());
            }
            Thread.sleep(200);
        }
    }

    /** The node's HTTPS listener accepts connections (it binds once the node has joined). */
    private static void listening(int port) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    fail("port " + port + " not listening within " + WAIT.toSeconds() + " s\n" + tails());
                }
                Thread.sleep(250);
            }
        }
    }

    private static String tails() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            Path log = runDir.resolve("node-" + i + ".log");
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                        .filter(l -> !l.startsWith("QMKDC-STATUS") && !l.startsWith("\tat ")).toList();
                b.append("== node-").append(i).append('\n');
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> b.append(l).append('\n'));
            }
        }
        return b.toString();
    }

    /** Runs a command to its end (at most 2 minutes) with {@code env} added; its output, or a failure with it. */
    private static String run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path out = Files.createTempFile(tmp.getRoot().toPath(), "cmd", ".txt");
        Process p = pb.redirectOutput(out.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(command.get(0) + " did not finish");
        }
        String text = Files.readString(out);
        if (p.exitValue() != 0) {
            fail(String.join(" ", command.subList(0, Math.min(3, command.size()))) + ": exit " + p.exitValue() + "\n" + text);
        }
        return text;
    }

    /** Nine free ports in a row below the ephemeral range and above the fixed 25520..25522: Artery base..base+2, HTTPS +3..+5, metrics +6..+8. */
    private static int freeBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(26000, 32000);
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 9; i++) {
                    held.add(new ServerSocket(base + i, 1, InetAddress.getLoopbackAddress()));
                }
                return base;
            } catch (IOException busy) {
                // try another base
            } finally {
                for (ServerSocket s : held) {
                    s.close();
                }
            }
        }
        throw new IOException("no 9 free ports in a row in 26000..32000");
    }

    private static String find(String... candidates) {
        for (String c : candidates) {
            if (new File(c).canExecute()) {
                return c;
            }
        }
        fail("not found: " + String.join(", ", candidates) + " — install Debian's chromium, chromium-driver, "
                + "libnss3-tools and openssl (deploy/test does); this test must not be skipped");
        return null;
    }
}
