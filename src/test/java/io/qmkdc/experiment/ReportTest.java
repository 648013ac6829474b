package io.qmkdc.experiment;

import io.qmkdc.optics.LinkProfile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

public class ReportTest {

    private static final Pattern IMG = Pattern.compile("<img [^>]*src=\"data:image/svg\\+xml;base64,([A-Za-z0-9+/=]+)\"");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void everyFigureIsInlinedAsItsSvg() throws Exception {
        Path dir = tmp.getRoot().toPath();
        Path file = Report.write(dir, ReportFixture.input(dir));
        assertEquals(dir.resolve("report.html"), file);
        String html = Files.readString(file, StandardCharsets.UTF_8);
        Matcher m = IMG.matcher(html);
        int n = 0;
        for (String name : List.of(Plots.KEYRATE_VS_DISTANCE, Plots.QBER_VS_DISTANCE, Plots.QBER_AND_ERRORS_VS_KEYRATE,
                Plots.EVE_FRACTION)) {
            assertTrue("figure " + name + " missing", m.find());
            String svg = new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
            assertEquals(Files.readString(dir.resolve(name + ".svg"), StandardCharsets.UTF_8), svg);
            n++;
        }
        assertFalse("no extra images", m.find());
        assertEquals(4, n);
        assertTrue(html.contains("data-figures-total=\"4\""));
    }

    @Test
    public void nothingIsFetchedFromTheNetwork() throws Exception {
        String html = Report.html(ReportFixture.input(tmp.getRoot().toPath()));
        Pattern external = Pattern.compile("(?i)(src|href|action|poster|data)\\s*=\\s*[\"']?\\s*(https?:)?//");
        assertFalse("external src/href", external.matcher(html).find());
        assertFalse(html.toLowerCase().contains("<link"));
        assertFalse(html.toLowerCase().contains("@import"));
        assertFalse(Pattern.compile("(?i)url\\(").matcher(html).find());
        assertTrue("CSP forbids fetches", html.contains("default-src 'none'; img-src data:"));
    }

    @Test
    public void everyStringIsEscaped() throws Exception {
        String html = Report.html(ReportFixture.input(tmp.getRoot().toPath()));
        String escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;";
        assertFalse("raw hostile text reached the page", html.contains(ReportFixture.HOSTILE));
        assertFalse(html.contains("<script>alert"));
        // title (twice), lead, notes, parameter heading, manifest profile and vendor, comparison row.
        assertTrue(count(html, escaped) >= 7);
        assertEquals("only the page's own script", 1, count(html, "<script>"));
    }

    @Test
    public void tablesShowPaperNumbersResidualsAndVerdicts() throws Exception {
        String html = Report.html(ReportFixture.input(tmp.getRoot().toPath()));
        // Fixture: ours = 1.01 × paper, SE = 0.02 × paper → residual/SE = +0.50, verdict yes.
        assertTrue(html.contains("<td>1395.64</td>"));
        assertTrue(html.contains("<td>993</td><td>1002.93</td><td>19.86</td>"));
        assertEquals(PaperReference.values().length, count(html, "<td>+0.50</td><td>yes</td>"));
        assertEquals(1, count(html, "<td>n/a</td>"));
        for (String[] row : Report.parameterRows(LinkProfile.gys())) {
            assertTrue("parameter " + row[0], html.contains(Report.escape(row[1])));
        }
        assertTrue("NaN μ shown as optimised", html.contains("<td>optimised</td>"));
    }

    @Test
    public void guideExplainsErrorBarsAndThreeStandardErrors() throws Exception {
        String html = Report.html(ReportFixture.input(tmp.getRoot().toPath()));
        assertTrue(html.contains("Error bars"));
        assertTrue(html.contains("Within 3 standard errors"));
    }

    static int count(String s, String sub) {
        int c = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            c++;
        }
        return c;
    }
}
