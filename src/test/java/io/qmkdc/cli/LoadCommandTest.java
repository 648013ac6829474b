package io.qmkdc.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

/** `load` refuses what it cannot do yet, and bad values, with one line and exit code 2. */
public class LoadCommandTest {
    private static String[] run(int expectedCode, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            String e = err.toString(StandardCharsets.UTF_8);
            assertEquals("exit code; stderr: " + e, expectedCode, code);
            return new String[] {out.toString(StandardCharsets.UTF_8), e};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static void usageError(String mentions, String... args) {
        String err = run(2, args)[1];
        assertTrue(err, err.startsWith("error: ") && err.contains(mentions));
        assertFalse(err, err.contains("\tat "));
        assertEquals(err, 1, err.strip().lines().count());
    }

    @Test
    public void onlyOneNodeForNow() {
        usageError("--nodes 3", "load", "--nodes", "3");
    }

    @Test
    public void connectIsNotSupportedYet() {
        usageError("--connect", "load", "--connect", "http://127.0.0.1:8558");
    }

    @Test
    public void badValuesAreNamed() {
        usageError("--members", "load", "--groups", "20", "--members", "5");
        usageError("--duration", "load", "--duration", "soon");
        usageError("--intra-fraction", "load", "--intra-fraction", "1.5");
    }
}
