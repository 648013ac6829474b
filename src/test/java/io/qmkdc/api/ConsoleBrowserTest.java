package io.qmkdc.api;

import akka.http.javadsl.ServerBinding;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.qmkdc.cli.Profiles;
import io.qmkdc.scenario.ScenarioLoader;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * The console in real headless Chromium (Debian's chromium + chromium-driver, through Selenium): the page loads with
 * the topology from the server-sent events; intercept-resend attached on g2 from the page's form turns g2's row
 * compromised and logs its abort with the QBER reason, detaching it from the page shows it re-keyed; the link rows show
 * P_o and the sifted / final bits, the group rows the members' epochs; the browser console has no error (a CSP violation or a
 * failed fetch would be one). The API runs over plain HTTP on 127.0.0.1 in this JVM (a browser would need the
 * operator certificate imported for the HTTPS default). Screenshots go to target/console-*.png. Waits poll with
 * deadlines; nothing asserts on time.
 */
public class ConsoleBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Config QUIET = ConfigFactory.parseString("akka.loglevel = WARNING\nakka.remote.artery.canonical.port = 0");

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static NodeControlPlane plane;
    private static String url;
    private static WebDriver browser;

    @BeforeClass
    public static void start() throws Exception {
        String chromium = find(System.getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser");
        String driver = find(System.getenv("CHROMEDRIVER"), "/usr/bin/chromedriver");
        plane = NodeControlPlane.serve(ScenarioLoader.parse(ControlApiTest.SCENARIO, "test"), Profiles::load, 11,
                QUIET, new NodeControlPlane.Activity(Duration.ofMillis(200), Duration.ofSeconds(2)));
        ServerBinding b = ApiServer.start(plane.system(), plane, "127.0.0.1", 0);
        url = "http://127.0.0.1:" + b.localAddress().getPort() + "/";
        ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1500",
                "--user-data-dir=" + tmp.newFolder("profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).build(), options);
    }

    @AfterClass
    public static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (plane != null) {
            plane.close();
        }
    }

    @Test
    public void attackFromThePageCompromisesTheLinkAndDetachingReKeysIt() throws Exception {
        browser.get(url);
        until(d -> "live".equals(d.findElement(By.tagName("body")).getAttribute("data-state")));
        assertEquals("one node in the topology", 1, browser.findElements(By.cssSelector("#topology tbody tr")).size());
        String members = text(browser, By.cssSelector("#topology tbody tr"));
        assertTrue("members per node: " + members, members.contains("a1") && members.contains("b2"));
        // g2 keyed first, so the abort below is the attack's.
        until(d -> "keyed".equals(linkState(d, "g2")));
        // The link's row holds P_o next to the QBER and its sifted / final bits; the group's row its members' epochs.
        String g2 = text(browser, By.cssSelector("#links tr[data-link='g2']"));
        assertTrue("QBER / P_o and key bits: " + g2, g2.matches("(?s).*\\d+\\.\\d\\d % / \\d+\\.\\d %.*"));
        until(d -> text(browser, By.cssSelector("#groups tr[data-group='g2']")).matches("(?s).*\\d+: b1 b2.*"));

        click(browser, By.cssSelector("#attack-type option[value='intercept-resend'], #attack-type option"));
        click(browser, By.cssSelector("#attack-target option[value='g2']"));
        click(browser, By.id("attach"));
        until(d -> !d.findElements(By.cssSelector("#attacks tr[data-target='g2']")).isEmpty());
        until(d -> "compromised".equals(linkState(d, "g2")));
        until(d -> text(browser, By.cssSelector("#aborts tbody")).contains("QBER"));
        assertTrue("the abort log names g2 only", browser.findElements(By.cssSelector("#aborts tr[data-abort-link='g1']")).isEmpty());
        assertEquals("g1 untouched", "keyed", linkState(browser, "g1"));
        screenshot(browser, "console-attack.png");

        click(browser, By.cssSelector("#attacks button[data-detach]"));
        until(d -> d.findElements(By.cssSelector("#attacks tbody tr")).isEmpty());
        until(d -> "re-keyed".equals(linkState(d, "g2")));
        screenshot(browser, "console-rekeyed.png");

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue("browser console errors: " + errors, errors.isEmpty());
    }

    @Test
    public void aCrossSiteRequestCannotChangeTheSystem() {
        assertTrue(ConsoleRoutes.crossSite(akka.http.javadsl.model.HttpRequest.POST("/attacks")
                .addHeader(akka.http.javadsl.model.headers.RawHeader.create("Origin", "https://evil.example"))
                .addHeader(akka.http.javadsl.model.headers.Host.create("127.0.0.1", 8558))));
        assertTrue(!ConsoleRoutes.crossSite(akka.http.javadsl.model.HttpRequest.POST("/attacks")
                .addHeader(akka.http.javadsl.model.headers.RawHeader.create("Origin", "http://127.0.0.1:8558"))
                .addHeader(akka.http.javadsl.model.headers.Host.create("127.0.0.1", 8558))));
    }

    /** Polls {@code condition} every 200 ms for at most {@link #WAIT}. */
    private static void until(java.util.function.Function<WebDriver, Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Boolean.TRUE.equals(condition.apply(browser))) {
            if (System.nanoTime() > deadline) {
                fail("not within " + WAIT.toSeconds() + " s; the page shows:\n" + browser.findElement(By.tagName("main")).getText());
            }
            Thread.sleep(200);
        }
    }

    /** The page re-renders its tables on every event: an element found a moment ago may be gone, so look again. */
    static String linkState(WebDriver d, String link) {
        for (int attempt = 0; ; attempt++) {
            try {
                List<org.openqa.selenium.WebElement> rows = d.findElements(By.cssSelector("#links tr[data-link='" + link + "']"));
                return rows.isEmpty() ? null : rows.get(0).getAttribute("data-state");
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    static String text(WebDriver browser, By by) {
        for (int attempt = 0; ; attempt++) {
            try {
                return browser.findElement(by).getText();
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** Clicks what {@code by} finds now (see {@link #linkState}: a re-rendered element is looked up again). */
    static void click(WebDriver browser, By by) {
        for (int attempt = 0; ; attempt++) {
            try {
                browser.findElement(by).click();
                return;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    static void screenshot(WebDriver browser, String name) throws Exception {
        File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String find(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank() && new File(c).canExecute()) {
                return c;
            }
        }
        fail("not found: " + String.join(", ", java.util.Arrays.stream(candidates).filter(c -> c != null).toList())
                + " — install Debian's chromium and chromium-driver (deploy/test does); this test must not be skipped");
        return null;
    }
}
