package io.qmkdc.load;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The split-brain check over node logs: two incarnations issuing for one group at overlapping times are counted. */
public class KdcIssuingTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private static final long T0 = 1_800_000_000_000L;

    private static String issued(String group, long epochBase, long atMs) {
        return "12:00:00.000 INFO  io.qmkdc.issuing - QMKDC-ISSUED {\"group\":\"" + group + "\",\"epoch\":" + (epochBase + 1)
                + ",\"epochBase\":" + epochBase + ",\"atMs\":" + atMs + "}";
    }

    private Path run(List<String> n1, List<String> n2) throws Exception {
        Path dir = tmp.newFolder().toPath();
        Files.write(dir.resolve("n1.log"), n1);
        Files.write(dir.resolve("n2.log"), n2);
        Files.write(dir.resolve("other.log"), List.of(issued("g1", 5_000, T0))); // not a node log
        return dir;
    }

    @Test
    public void incarnationsOneAfterTheOtherDoNotOverlap() throws Exception {
        long a = (T0 - 8_000) * 1000;
        long b = (T0 + 24_000) * 1000;
        Path dir = run(List.of("qmkdc node up: qmkdc@10.0.0.1:25520 roles kdc", issued("g1", a, T0 - 2_000), issued("g2", a, T0 + 9_000),
                        "garbage QMKDC-ISSUED {\"group\":"),
                List.of("qmkdc node up: qmkdc@10.0.0.2:25520 roles kdc", issued("g1", b, T0 + 30_000), issued("g2", b, T0 + 31_000)));
        KdcIssuing.Summary s = KdcIssuing.read(dir, T0);
        assertEquals(2, s.incarnations().size());
        KdcIssuing.Incarnation first = s.incarnations().get(0);
        assertEquals("qmkdc@10.0.0.1:25520", first.node());
        assertEquals(-8.0, first.startedAt(), 1e-9);
        assertEquals(2, first.epochsIssued());
        assertArrayEquals(new double[] {9.0, 9.0}, first.groups().get("g2"), 1e-9);
        assertEquals("qmkdc@10.0.0.2:25520", s.incarnations().get(1).node());
        assertEquals(0, s.overlappingGroups());
        assertEquals(31.0, KdcIssuing.allKeyedAgainAt(s.incarnations(), 10.0), 1e-9); // g2's first key from the new one
        assertEquals(null, KdcIssuing.allKeyedAgainAt(s.incarnations().subList(0, 1), 10.0));
    }

    @Test
    public void twoIncarnationsIssuingForOneGroupAtOnceAreASplitBrain() throws Exception {
        long a = (T0 - 8_000) * 1000;
        long b = (T0 + 12_000) * 1000;
        // The cut-off KDC keeps issuing g1 until 20 s while the new one issues g1 from 15 s; g2 does not overlap.
        Path dir = run(List.of(issued("g1", a, T0 - 2_000), issued("g1", a, T0 + 20_000), issued("g2", a, T0 + 1_000)),
                List.of(issued("g1", b, T0 + 15_000), issued("g2", b, T0 + 16_000)));
        assertEquals(1, KdcIssuing.read(dir, T0).overlappingGroups());
    }
}
