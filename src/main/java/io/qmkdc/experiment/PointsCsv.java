package io.qmkdc.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code points.csv}: one row per {@link SweepPoint}, a header row, RFC 4180 quoting (fields with
 * comma, quote, CR or LF are quoted; quotes doubled; CRLF line ends). A NaN is an empty cell.
 * Doubles are written with {@link Double#toString}, so a round trip is exact. The reader finds
 * columns by header name, so extra columns or another order are fine.
 */
public final class PointsCsv {

    /** The header, in the order written. */
    public static final List<String> HEADER = List.of(
            "distance_km", "mode", "eve_fraction",
            "gain", "gain_se",
            "qber", "qber_se",
            "sifted_bps", "sifted_bps_se",
            "secure_bps", "secure_bps_se",
            "final_key_per_pulse", "final_key_per_pulse_se",
            "errors_bps", "errors_bps_se");

    private static final String EOL = "\r\n";

    private PointsCsv() {
    }

    public static void write(Path file, List<SweepPoint> points) throws IOException {
        Files.writeString(file, format(points), StandardCharsets.UTF_8);
    }

    public static List<SweepPoint> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    public static String format(List<SweepPoint> points) {
        StringBuilder sb = new StringBuilder();
        appendRow(sb, HEADER);
        for (SweepPoint p : points) {
            List<String> row = new ArrayList<>(HEADER.size());
            row.add(num(p.distanceKm()));
            row.add(p.mode());
            row.add(num(p.eveFraction()));
            for (Estimate e : estimates(p)) {
                row.add(num(e.value()));
                row.add(num(e.standardError()));
            }
            appendRow(sb, row);
        }
        return sb.toString();
    }

    public static List<SweepPoint> parse(String csv) {
        List<List<String>> rows = records(csv);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("csv has no header row");
        }
        Map<String, Integer> col = new HashMap<>();
        List<String> header = rows.get(0);
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i).trim(), i);
        }
        for (String h : HEADER) {
            if (!col.containsKey(h)) {
                throw new IllegalArgumentException("csv header lacks column '" + h + "'");
            }
        }
        List<SweepPoint> points = new ArrayList<>(rows.size() - 1);
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() == 1 && row.get(0).isEmpty()) {
                continue; // blank line
            }
            try {
                points.add(new SweepPoint(
                        val(row, col, "distance_km"), cell(row, col, "mode"), val(row, col, "eve_fraction"),
                        est(row, col, "gain"), est(row, col, "qber"),
                        est(row, col, "sifted_bps"), est(row, col, "secure_bps"),
                        est(row, col, "final_key_per_pulse"), est(row, col, "errors_bps")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("csv record " + r + ": " + e.getMessage(), e);
            }
        }
        return points;
    }

    /** Splits RFC 4180 text into records of fields; quoted fields may hold commas, quotes and line breaks. */
    static List<List<String>> records(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            any = true;
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                any = false;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("csv ends inside a quoted field");
        }
        if (any) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\r') < 0 && field.indexOf('\n') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    private static void appendRow(StringBuilder sb, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(fields.get(i)));
        }
        sb.append(EOL);
    }

    private static Estimate[] estimates(SweepPoint p) {
        return new Estimate[] {p.gain(), p.qber(), p.siftedBitsPerSecond(), p.secureBitsPerSecond(),
                p.finalKeyPerPulse(), p.errorsPerSecond()};
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String cell(List<String> row, Map<String, Integer> col, String name) {
        int i = col.get(name);
        return i < row.size() ? row.get(i) : "";
    }

    private static double val(List<String> row, Map<String, Integer> col, String name) {
        String s = cell(row, col, name).trim();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column " + name + " is not a number: '" + s + "'", e);
        }
    }

    private static Estimate est(List<String> row, Map<String, Integer> col, String name) {
        return new Estimate(val(row, col, name), val(row, col, name + "_se"));
    }
}
