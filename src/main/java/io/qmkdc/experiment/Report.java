package io.qmkdc.experiment;

import io.qmkdc.optics.LinkProfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code report.html}: one self-contained page for a sweep — the figures (SVG as {@code data:}
 * URIs, so nothing is fetched), the link profile, the paper's published numbers beside ours,
 * the manifest, and a short reading guide. A Content-Security-Policy forbids any network fetch,
 * and a few lines of inline script mark {@code <body data-figures-loaded="N">} once the
 * browser has decoded N figures (checked by {@code ReportBrowserTest}). All text is HTML-escaped.
 */
public final class Report {

    public static final String FILE_NAME = "report.html";

    /** CSP of the page: inline style and script, images only from data: URIs, nothing else. */
    static final String CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            + "script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

    private static final Map<String, String[]> STANDARD = Map.of(
            Plots.KEYRATE_VS_DISTANCE, new String[] {"Key rate vs distance (paper fig. 10)",
                "Secure and sifted key rate against fiber length, log scale. Markers: emulated runs "
                    + "(±1 standard error); lines: analytic models (infinite decoy, vacuum+weak decoy, "
                    + "finite key at block size N) and the PLOB bound no repeaterless link can beat."},
            Plots.QBER_VS_DISTANCE, new String[] {"QBER vs distance (paper fig. 11)",
                "Quantum bit error rate of the sifted key against fiber length. It stays near the "
                    + "misalignment error e_d until dark counts rival the signal, then climbs to the abort "
                    + "threshold P_o (dashed)."},
            Plots.QBER_AND_ERRORS_VS_KEYRATE, new String[] {"QBER and errors vs secure key rate (paper fig. 12)",
                "Each emulated distance gives one secure key rate (x). Left axis: QBER in %; right axis: "
                    + "erroneous sifted bits per second."},
            Plots.EVE_FRACTION, new String[] {"Intercept-resend on a fraction p of pulses",
                "QBER (left) and final key per pulse (right) against the fraction p Eve intercepts and "
                    + "resends. The dashed line is the expectation intrinsic QBER + p/4; the key vanishes "
                    + "once the QBER bound reaches the threshold."});

    /**
     * A figure of the page.
     *
     * @param name    file stem, e.g. {@link Plots#KEYRATE_VS_DISTANCE}; used as the element id
     * @param title   heading shown above the figure
     * @param caption a sentence or two under it
     * @param svg     the SVG document (as written by {@link Plots#svgDocument})
     */
    public record Figure(String name, String title, String caption, String svg) {
        public Figure {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(caption, "caption");
            Objects.requireNonNull(svg, "svg");
        }

        /** A written plot with the standard title and caption for its name (the name itself if unknown). */
        public static Figure of(Plots.Written w) throws IOException {
            String[] tc = STANDARD.getOrDefault(w.name(), new String[] {w.name(), ""});
            return new Figure(w.name(), tc[0], tc[1], Files.readString(w.svg(), StandardCharsets.UTF_8));
        }
    }

    /**
     * Everything the page shows.
     *
     * @param title       page title
     * @param manifest    run metadata; its profile fills the parameter table
     * @param figures     figures in page order
     * @param comparisons paper vs ours rows (see {@link PaperReference#versus})
     * @param notes       free text shown under the title (may be empty)
     */
    public record Input(String title, Manifest manifest, List<Figure> figures, List<Comparison> comparisons,
                        String notes) {
        public Input {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(manifest, "manifest");
            figures = List.copyOf(figures);
            comparisons = List.copyOf(comparisons);
            notes = notes == null ? "" : notes;
        }
    }

    private Report() {
    }

    /** Writes {@code dir/report.html} and returns its path. */
    public static Path write(Path dir, Input in) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        Files.writeString(file, html(in), StandardCharsets.UTF_8);
        return file;
    }

    /** The page as a string. */
    public static String html(Input in) {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(in.title())).append("</title>\n<style>").append(CSS).append("</style>\n")
                .append("</head>\n<body data-figures-loaded=\"0\" data-figures-total=\"").append(in.figures().size())
                .append("\">\n<main>\n<h1>").append(esc(in.title())).append("</h1>\n");
        Manifest m = in.manifest();
        h.append("<p class=\"lead\">Profile <b>").append(esc(m.profile().name())).append("</b>, seed ")
                .append(m.seed()).append(", ").append(m.pulses()).append(" pulses per point, revision <code>")
                .append(esc(m.gitRevision())).append("</code>.</p>\n");
        if (!in.notes().isEmpty()) {
            h.append("<p>").append(esc(in.notes())).append("</p>\n");
        }
        h.append("<nav><ul>");
        for (Figure f : in.figures()) {
            h.append("<li>").append(esc(f.title())).append("</li>");
        }
        h.append("<li>Paper vs emulator</li><li>Link parameters</li><li>Run manifest</li><li>How to read this</li>")
                .append("</ul></nav>\n");
        for (Figure f : in.figures()) {
            figure(h, f);
        }
        comparisons(h, in.comparisons());
        parameters(h, m.profile());
        manifest(h, m);
        h.append(GUIDE);
        h.append("</main>\n<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    /** Rows of the parameter table: symbol, meaning, value, unit. */
    public static List<String[]> parameterRows(LinkProfile p) {
        List<String[]> r = new ArrayList<>();
        r.add(new String[] {"α", "fiber attenuation", num(p.fiberLossDbPerKm()), "dB/km"});
        r.add(new String[] {"η_det", "detector efficiency", num(p.detectorEfficiency()), ""});
        r.add(new String[] {"Y0", "dark count probability per gate", num(p.darkCountProbability()), ""});
        r.add(new String[] {"e_d", "misalignment error", num(p.misalignmentError()), ""});
        r.add(new String[] {"f", "error-correction efficiency", num(p.errorCorrectionEfficiency()), ""});
        r.add(new String[] {"q", "basis sifting factor", num(p.basisSiftingFactor()), ""});
        r.add(new String[] {"λ", "wavelength", num(p.wavelengthNm()), "nm"});
        r.add(new String[] {"f_rep", "repetition rate", num(p.repetitionRateHz()), "Hz"});
        r.add(new String[] {"μ", "signal mean photon number",
            Double.isNaN(p.signalMu()) ? "optimised" : num(p.signalMu()), "photons/pulse"});
        r.add(new String[] {"ν", "decoy mean photon number", num(p.decoyNu()), "photons/pulse"});
        r.add(new String[] {"P(μ), P(ν), P(0)", "signal, decoy, vacuum probabilities",
            num(p.signalProbability()) + ", " + num(p.decoyProbability()) + ", " + num(p.vacuumProbability()), ""});
        r.add(new String[] {"P_o", "QBER abort threshold", num(p.qberThreshold()), ""});
        return r;
    }

    public static String escape(String s) {
        return Html.escape(s);
    }

    // --- sections ------------------------------------------------------------------------------

    private static void figure(StringBuilder h, Figure f) {
        String b64 = Base64.getEncoder().encodeToString(f.svg().getBytes(StandardCharsets.UTF_8));
        h.append("<section class=\"figure\" id=\"fig-").append(esc(f.name())).append("\">\n<h2>")
                .append(esc(f.title())).append("</h2>\n<figure>\n<img class=\"plot\" width=\"").append(Plots.WIDTH)
                .append("\" height=\"").append(Plots.HEIGHT).append("\" alt=\"").append(esc(f.title()))
                .append("\" data-name=\"").append(esc(f.name())).append("\" src=\"data:image/svg+xml;base64,")
                .append(b64).append("\">\n<figcaption>").append(esc(f.caption()))
                .append(" <span class=\"file\">Files: ").append(esc(f.name())).append(".svg, ")
                .append(esc(f.name())).append(".png</span></figcaption>\n</figure>\n</section>\n");
    }

    private static void comparisons(StringBuilder h, List<Comparison> rows) {
        h.append("<section id=\"comparison\">\n<h2>Paper vs emulator</h2>\n");
        if (rows.isEmpty()) {
            h.append("<p>No comparison rows were supplied.</p>\n</section>\n");
            return;
        }
        h.append("<table class=\"num\">\n<thead><tr><th>figure</th><th>quantity</th><th>where</th><th>paper</th>")
                .append("<th>ours</th><th>± SE</th><th>unit</th><th>residual</th><th>residual / SE</th>")
                .append("<th>within 3 SE</th></tr></thead>\n<tbody>\n");
        for (Comparison c : rows) {
            Boolean ok = c.withinThreeStandardErrors();
            String verdict = ok == null ? "n/a" : ok ? "yes" : "no";
            h.append("<tr class=\"").append(ok == null ? "na" : ok ? "ok" : "off").append("\"><td>")
                    .append(esc(c.figure())).append("</td><td>").append(esc(c.quantity())).append("</td><td>")
                    .append(esc(c.condition())).append("</td><td>").append(esc(num(c.published()))).append("</td><td>")
                    .append(esc(num(c.ours()))).append("</td><td>").append(esc(num(c.oursStandardError())))
                    .append("</td><td>").append(esc(c.unit())).append("</td><td>")
                    .append(esc(signed(c.residual()))).append(" (")
                    .append(esc(Double.isNaN(c.relativeResidual()) ? "–"
                            : String.format(Locale.ROOT, "%+.1f %%", 100 * c.relativeResidual())))
                    .append(")</td><td>").append(esc(Double.isNaN(c.residualInStandardErrors()) ? "–"
                            : String.format(Locale.ROOT, "%+.2f", c.residualInStandardErrors())))
                    .append("</td><td>").append(verdict).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static void parameters(StringBuilder h, LinkProfile p) {
        h.append("<section id=\"parameters\">\n<h2>Link parameters (profile ").append(esc(p.name()))
                .append(")</h2>\n<table>\n<thead><tr><th>symbol</th><th>meaning</th><th>value</th><th>unit</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (String[] r : parameterRows(p)) {
            h.append("<tr>");
            for (String cell : r) {
                h.append("<td>").append(esc(cell)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static void manifest(StringBuilder h, Manifest m) {
        String[][] rows = {
            {"profile", m.profile().name()}, {"seed", Long.toString(m.seed())},
            {"pulses per point", Long.toString(m.pulses())}, {"git revision", m.gitRevision()},
            {"Java", m.javaVersion() + " (" + m.javaVendor() + ")"},
            {"OS", m.osName() + " " + m.osVersion() + " " + m.osArch()},
            {"wall time", String.format(Locale.ROOT, "%.1f s", m.wallTimeSeconds())}, {"created", m.createdUtc()},
            {"data files", "points.csv, manifest.json, figures as .svg and .png beside this page"}};
        h.append("<section id=\"manifest\">\n<h2>Run manifest</h2>\n<table>\n<tbody>\n");
        for (String[] r : rows) {
            h.append("<tr><th>").append(esc(r[0])).append("</th><td>").append(esc(r[1])).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static String esc(String s) {
        return Html.escape(s);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return trim(String.format(Locale.ROOT, "%.6g", v));
    }

    private static String signed(double v) {
        return Double.isNaN(v) ? "–" : trim(String.format(Locale.ROOT, "%+.4g", v));
    }

    /** Drops trailing zeros of a decimal mantissa: 1395.64000 → 1395.64, 2.00000e-06 → 2e-06. */
    private static String trim(String s) {
        int e = s.indexOf('e');
        String mant = e < 0 ? s : s.substring(0, e);
        String exp = e < 0 ? "" : s.substring(e);
        if (mant.contains(".")) {
            mant = mant.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mant + exp;
    }

    private static final String CSS = """
            body{margin:0;background:#fafafa;color:#1a1a1a;font:15px/1.5 system-ui,-apple-system,"Segoe UI",\
            "DejaVu Sans",sans-serif}
            main{max-width:1060px;margin:0 auto;padding:1.5rem}
            h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.2rem;margin:1.8rem 0 .5rem;border-bottom:1px solid #ddd}
            .lead{color:#444}nav ul{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;padding:0;list-style:none;color:#555}
            figure{margin:0;background:#fff;border:1px solid #ddd;padding:.5rem}
            img.plot{display:block;max-width:100%;height:auto}
            figcaption{font-size:.9rem;color:#444;margin-top:.3rem}.file{color:#777}
            table{border-collapse:collapse;background:#fff;font-size:.9rem}
            th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
            thead th{background:#f0f0f0}table.num td:nth-child(n+4){text-align:right;font-variant-numeric:tabular-nums}
            tr.ok td:last-child{color:#006d2c;font-weight:600}tr.off td:last-child{color:#b30000;font-weight:600}
            code{font-size:.85rem}
            """;

    /** Marks the body once every figure decoded (complete and non-zero natural width). */
    private static final String SCRIPT = """
            window.addEventListener('load', function () {
              var imgs = document.querySelectorAll('figure img');
              var ok = 0;
              for (var i = 0; i < imgs.length; i++) {
                if (imgs[i].complete && imgs[i].naturalWidth > 0) { ok++; }
              }
              document.body.setAttribute('data-figures-loaded', String(ok));
              document.body.setAttribute('data-figures-total', String(imgs.length));
            });
            """;

    private static final String GUIDE = """
            <section id="guide">
            <h2>How to read this</h2>
            <p><b>Key rate vs distance</b> (the paper's fig. 10) shows how fast a link of a given length makes
            key. The y axis is logarithmic: each gridline step is a factor of ten, and a straight falling line
            means the rate drops by a fixed factor per kilometre (fiber loss of 0.21 dB/km halves it about every
            14 km). The secure rate is what is left of the sifted key after error correction and privacy
            amplification; it falls faster than the sifted rate and stops at the cut-off, where dark counts make
            errors too frequent. No repeaterless link can exceed the PLOB line.</p>
            <p><b>QBER vs distance</b> (fig. 11) and <b>QBER and errors vs secure rate</b> (fig. 12) show the same
            runs by their error rate: flat near the misalignment error at short range, rising as the signal fades
            into the dark counts. In fig. 12 every marker is one distance, placed by the secure rate it achieved.
            <b>Intercept-resend</b> shows an eavesdropper measuring a fraction p of the pulses: she picks the wrong
            basis half the time and then causes an error half the time, so the QBER grows by about p/4, and the
            final key shrinks to nothing well before p = 1.</p>
            <p><b>Error bars</b> span one standard error either side of the mean of repeated runs with different
            seeds: the spread expected from the finite number of pulses, not a bound. Bars smaller than the marker
            are hidden behind it. On a logarithmic axis, a bar that would reach below zero is cut short.</p>
            <p><b>Within 3 standard errors</b> means |ours &minus; paper| &le; 3 &times; our standard error. If our
            emulator and the paper described the same experiment, a larger gap would occur by chance in only about
            0.3&nbsp;% of comparisons (normal approximation). The paper gives no uncertainty for its numbers (they
            are read off its figures), so only ours enters; and a gap of many standard errors usually means a
            different parameter (μ, detector efficiency, error-correction efficiency, or what a rate counts), not
            noise. The residual column gives the difference and, in brackets, the relative difference.</p>
            </section>
            """;
}
