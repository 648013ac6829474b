package io.qmkdc.scenario;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;

/**
 * The nesting scan that runs before the HOCON and JSON parsers: 5,000 nested {@code [} overflow the raw HOCON parser's
 * stack (the contrast: that is what killed a serving JVM) and are refused by {@link ScenarioLoader#parse} on the same
 * stack by the scan; brackets in strings and comments do not count, and on seeded random documents whose strings and
 * comments are full of brackets and quotes the scan's depth is exactly the parsed value's depth (it reads strings and
 * comments as the parser does, so nothing nested can hide from it).
 */
public class NestingTest {
    private static final String NESTED = "[".repeat(5000) + "]".repeat(5000);
    /** The stack of an Akka dispatcher thread (the JVM's default thread stack on 64-bit Linux). */
    private static final long STACK = 1024 * 1024;

    @Test
    public void theRawParserOverflowsOnFiveThousandBracketsAndTheLoaderRefusesThemFirst() throws Exception {
        Throwable raw = onStack(() -> ConfigFactory.parseString(NESTED,
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)));
        assertTrue("the raw parser should overflow: " + raw, raw instanceof StackOverflowError);

        Throwable guarded = onStack(() -> ScenarioLoader.parse(NESTED, "nested.txt"));
        assertTrue(String.valueOf(guarded), guarded instanceof ScenarioLoader.Invalid);
        assertTrue(guarded.getMessage(), guarded.getMessage().contains("nested deeper than 64 levels"));
    }

    @Test
    public void depthIsCountedOutsideStringsAndComments() {
        assertEquals(new Nesting.Within(2), Nesting.scan("{ a = [1, 2] }", Nesting.Syntax.HOCON, 64));
        String hidden = "a = \"" + "[".repeat(100) + "\"\n# " + "{".repeat(100) + "\n// " + "[".repeat(100)
                + "\nb = \"\"\"" + "[".repeat(100) + "\"\"\"\"\n";
        assertEquals(new Nesting.Within(0), Nesting.scan(hidden, Nesting.Syntax.HOCON, 64));
        // Closing brackets inside a string do not lower the depth: [ "]]]" [ ... stays counted.
        String sneaky = ("[\"" + "]".repeat(3) + "\"").repeat(65);
        assertTrue(Nesting.scan(sneaky, Nesting.Syntax.HOCON, 64) instanceof Nesting.TooDeep);
        // JSON has no comments: a '#' there is no place to hide brackets.
        assertTrue(Nesting.scan("#\n" + "[".repeat(65), Nesting.Syntax.JSON, 64) instanceof Nesting.TooDeep);
        Nesting.Verdict deep = Nesting.scan("[".repeat(65), Nesting.Syntax.JSON, 64);
        assertEquals(new Nesting.TooDeep(64, 64), deep);
    }

    @Test
    public void onRandomDocumentsTheScanSeesTheParsedDepth() {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 400; i++) {
            StringBuilder text = new StringBuilder();
            value(random, text, 1 + random.nextInt(12), true);
            ConfigValue parsed = ConfigFactory.parseString("x = " + text,
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)).root().get("x");
            int depth = depth(parsed);
            assertEquals("document " + i + ": " + text, new Nesting.Within(depth),
                    Nesting.scan(text, Nesting.Syntax.HOCON, 64));
        }
    }

    private static final String[] NOISE = {"[", "]", "{", "}", "#", "//", "\"", "\\", "a", " ", "$", ","};

    /** A random list or object {@code levels} deep, its strings and comments full of brackets and quotes. */
    private static void value(SplittableRandom r, StringBuilder out, int levels, boolean container) {
        if (!container || levels == 0) {
            switch (r.nextInt(3)) {
                case 0 -> out.append("\"").append(noise(r).replace("\\", "\\\\").replace("\"", "\\\"")).append("\"");
                case 1 -> out.append("\"\"\"").append(noise(r).replace("\"", "'")).append("\"\"\"");
                default -> out.append(r.nextInt(1000));
            }
            return;
        }
        boolean list = r.nextBoolean();
        out.append(list ? "[" : "{");
        int n = r.nextInt(4);
        for (int k = 0; k < n; k++) {
            if (r.nextInt(4) == 0) {
                out.append(r.nextBoolean() ? " # " : " // ").append(noise(r).replace("\n", "")).append('\n');
            }
            if (!list) {
                out.append("k").append(k).append(" = ");
            }
            value(r, out, levels - 1, r.nextInt(3) > 0);
            out.append(r.nextBoolean() ? ",\n" : "\n");
        }
        out.append(list ? "]" : "}");
    }

    private static String noise(SplittableRandom r) {
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(12); i > 0; i--) {
            s.append(NOISE[r.nextInt(NOISE.length)]);
        }
        return s.toString();
    }

    private static int depth(ConfigValue v) {
        if (v instanceof ConfigObject o) {
            return 1 + o.values().stream().mapToInt(NestingTest::depth).max().orElse(0);
        }
        if (v instanceof ConfigList l) {
            return 1 + l.stream().mapToInt(NestingTest::depth).max().orElse(0);
        }
        return 0;
    }

    /** Runs {@code body} on a thread with {@link #STACK} bytes of stack; what it threw, or null. */
    private static Throwable onStack(Runnable body) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                body.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "nesting-test", STACK);
        t.start();
        t.join();
        if (thrown.get() == null) {
            fail("expected a throw");
        }
        return thrown.get();
    }
}
