package io.qmkdc.experiment;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * Renders report.html in headless Chromium: the page's own script counts decoded figures
 * ({@code <body data-figures-loaded>}) and a screenshot shows something was drawn. The page's CSP
 * forbids network fetches, so a figure that needed one would not load. Without Chromium this test
 * fails (CI installs it): {@code apt-get install -y chromium}, or set {@code CHROMIUM=/path/to/binary}.
 */
public class ReportBrowserTest {

    private static final Pattern BODY = Pattern.compile(
            "<body[^>]*data-figures-loaded=\"(\\d+)\"[^>]*data-figures-total=\"(\\d+)\"");
    private static final long TIMEOUT_SECONDS = 30;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @ClassRule
    public static TemporaryFolder shared = new TemporaryFolder();

    private static String chromium;
    /** Built once: plotting is the slow part after Chromium itself. */
    private static Report.Input input;

    @BeforeClass
    public static void findChromium() {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("CHROMIUM");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.addAll(List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));
        for (String c : candidates) {
            if (new File(c).canExecute()) {
                chromium = c;
                break;
            }
        }
        if (chromium != null) {
            return;
        }
        fail("Headless Chromium not found (looked at " + candidates + "). Install it with "
                + "'apt-get update && apt-get install -y chromium' or set CHROMIUM=/path/to/chromium; "
                + "this test must not be skipped.");
    }

    @BeforeClass
    public static void buildReport() throws Exception {
        input = ReportFixture.input(shared.newFolder("figures").toPath());
    }

    @Test
    public void everyFigureLoads() throws Exception {
        Path dir = tmp.newFolder("report").toPath();
        Path html = Report.write(dir, input);
        int[] counts = figuresLoaded(html);
        assertEquals("figures in the page", 4, counts[1]);
        assertEquals("figures decoded by the browser", 4, counts[0]);
    }

    @Test
    public void aBrokenFigureIsCounted() throws Exception {
        // Control: the page's check can fail — a figure that is not an image is not counted.
        Path dir = tmp.newFolder("broken").toPath();
        Report.Input good = input;
        List<Report.Figure> figs = new ArrayList<>(good.figures());
        Report.Figure first = figs.get(0);
        figs.set(0, new Report.Figure(first.name(), first.title(), first.caption(), "<svg this is not svg"));
        Path html = Report.write(dir, new Report.Input(good.title(), good.manifest(), figs, good.comparisons(),
                good.notes()));
        assertArrayEquals(new int[] {3, 4}, figuresLoaded(html));
    }

    @Test
    public void screenshotShowsARenderedPage() throws Exception {
        Path dir = tmp.newFolder("shot").toPath();
        Path html = Report.write(dir, input);
        Path png = dir.resolve("screenshot.png");
        run(List.of("--screenshot=" + png, "--window-size=1400,4000", html.toUri().toString()));
        assertTrue("no screenshot written", Files.isRegularFile(png));
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(bytes, 8));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1400, img.getWidth());
        assertEquals(4000, img.getHeight());
        // Non-trivial: a blank or error page has a handful of colours and almost no ink.
        Set<Integer> colours = new HashSet<>();
        int background = img.getRGB(0, 0);
        long ink = 0;
        long samples = 0;
        for (int y = 0; y < img.getHeight(); y += 4) {
            for (int x = 0; x < img.getWidth(); x += 4) {
                int rgb = img.getRGB(x, y);
                colours.add(rgb);
                ink += rgb != background ? 1 : 0;
                samples++;
            }
        }
        assertTrue("too few colours: " + colours.size(), colours.size() > 50);
        assertTrue("too little drawn: " + ink + " of " + samples, ink > samples / 10);
    }

    /** {loaded, total} figures as set by the page's script, read from Chromium's dumped DOM. */
    private int[] figuresLoaded(Path html) throws Exception {
        String dom = run(List.of("--virtual-time-budget=5000", "--dump-dom", html.toUri().toString()));
        Matcher m = BODY.matcher(dom);
        assertTrue("no <body data-figures-loaded> in the dumped DOM:\n"
                + dom.substring(0, Math.min(500, dom.length())), m.find());
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /** Runs Chromium headless with a fresh profile; returns its stdout. */
    private String run(List<String> args) throws Exception {
        Path profile = tmp.newFolder().toPath();
        Path out = tmp.newFile().toPath();
        Path err = tmp.newFile().toPath();
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + cmd);
        }
        assertEquals("Chromium exit code; stderr:\n" + Files.readString(err, StandardCharsets.UTF_8), 0, p.exitValue());
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
