package io.qmkdc.scenario;

/**
 * A cheap, non-recursive scan of how deeply {@code [ ]} and {@code { }} nest in a JSON or HOCON text, run before any
 * parser sees it: the HOCON parser (and any recursive JSON reader) descends one stack frame per level, so 5,000
 * nested {@code [} overflow its stack, and a {@link StackOverflowError} is fatal to Akka. Brackets inside quoted
 * strings and comments do not count, read as the parsers read them (HOCON: {@code "…"} with backslash escapes,
 * {@code """…"""} ended by the last three of a run of quotes, {@code #} and {@code //} comments); a newline ends a
 * quoted string here as it ends the parse there, so nothing the parser nests can hide from the scan.
 */
public final class Nesting {
    /** Deeper than any scenario or attack request needs (a scenario nests 4 levels). */
    public static final int MAX_DEPTH = 64;

    /** Which text the scan reads. */
    public enum Syntax { JSON, HOCON }

    /** The outcome of a scan. */
    public sealed interface Verdict permits Within, TooDeep {
    }

    /** Every bracket nests at most {@code depth} levels. */
    public record Within(int depth) implements Verdict {
    }

    /** Nesting passed {@code max} at character {@code offset}. */
    public record TooDeep(int max, int offset) implements Verdict {
        public String problem() {
            return "nested deeper than " + max + " levels of [ ] or { } (at character " + offset + ")";
        }
    }

    private Nesting() {
    }

    public static Verdict scan(CharSequence text, Syntax syntax, int max) {
        boolean hocon = syntax == Syntax.HOCON;
        int depth = 0;
        int deepest = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"') {
                if (hocon && i + 2 < n && text.charAt(i + 1) == '"' && text.charAt(i + 2) == '"') {
                    i = afterTripleQuoted(text, i + 3);
                } else {
                    i = afterQuoted(text, i + 1);
                }
                continue;
            }
            if (hocon && (c == '#' || (c == '/' && i + 1 < n && text.charAt(i + 1) == '/'))) {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '[' || c == '{') {
                depth++;
                if (depth > max) {
                    return new TooDeep(max, i);
                }
                deepest = Math.max(deepest, depth);
            } else if ((c == ']' || c == '}') && depth > 0) {
                depth--;
            }
            i++;
        }
        return new Within(deepest);
    }

    /** Index after a {@code "…"} string opened before {@code i}: after its closing quote, or at a newline. */
    private static int afterQuoted(CharSequence text, int i) {
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else if (c == '\n') {
                return i;
            } else {
                i++;
            }
        }
        return n;
    }

    /** Index after a {@code """…"""} string: a run of three or more quotes ends it (HOCON keeps the extra ones). */
    private static int afterTripleQuoted(CharSequence text, int i) {
        int n = text.length();
        int quotes = 0;
        while (i < n) {
            if (text.charAt(i) == '"') {
                quotes++;
            } else if (quotes >= 3) {
                return i;
            } else {
                quotes = 0;
            }
            i++;
        }
        return n;
    }
}
