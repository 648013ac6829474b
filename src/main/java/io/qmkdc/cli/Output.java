package io.qmkdc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes a command's result as JSON (file or stdout) and as a readable table. */
public final class Output {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Output() {
    }

    public static ObjectMapper json() {
        return JSON;
    }

    /** Writes {@code value} to {@code target} ("-" is stdout); null target writes nothing. */
    public static void writeJson(Object value, String target) {
        if (target == null) {
            return;
        }
        try {
            String text = JSON.writeValueAsString(value) + System.lineSeparator();
            if ("-".equals(target)) {
                System.out.print(text);
                System.out.flush();
            } else {
                Path path = Path.of(target);
                if (path.getParent() != null) {
                    Files.createDirectories(path.getParent());
                }
                Files.writeString(path, text);
            }
        } catch (IOException e) {
            throw new UsageError("--json: cannot write " + target + ": " + e.getMessage());
        }
    }

    /** Where the human-readable account goes: stderr when stdout carries JSON. */
    public static PrintStream human(String jsonTarget) {
        return "-".equals(jsonTarget) ? System.err : System.out;
    }

    /** A fixed-width table: column headers and rows of already formatted cells. */
    public static final class Table {
        private final List<String> headers;
        private final List<List<String>> rows = new ArrayList<>();

        public Table(String... headers) {
            this.headers = List.of(headers);
        }

        public Table row(Object... cells) {
            List<String> r = new ArrayList<>();
            for (Object c : cells) {
                r.add(format(c));
            }
            rows.add(r);
            return this;
        }

        public void print(PrintStream out) {
            int[] w = new int[headers.size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = headers.get(i).length();
                for (List<String> r : rows) {
                    w[i] = Math.max(w[i], r.get(i).length());
                }
            }
            StringBuilder sb = new StringBuilder();
            line(sb, headers, w);
            for (int i = 0; i < w.length; i++) {
                sb.append("-".repeat(w[i])).append(i + 1 < w.length ? "  " : "\n");
            }
            for (List<String> r : rows) {
                line(sb, r, w);
            }
            out.print(sb);
            out.flush();
        }

        private static void line(StringBuilder sb, List<String> cells, int[] w) {
            for (int i = 0; i < w.length; i++) {
                String c = cells.get(i);
                sb.append(" ".repeat(w[i] - c.length())).append(c).append(i + 1 < w.length ? "  " : "\n");
            }
        }
    }

    /** Numbers in a compact form: 4 significant digits, scientific outside [1e-3, 1e6). */
    public static String format(Object c) {
        if (c instanceof Double d) {
            if (d.isNaN()) {
                return "-";
            }
            double a = Math.abs(d);
            if (d == 0) {
                return "0";
            }
            if (a >= 1e-3 && a < 1e6) {
                return String.format(Locale.ROOT, "%.4g", d);
            }
            return String.format(Locale.ROOT, "%.3e", d);
        }
        return String.valueOf(c);
    }
}
