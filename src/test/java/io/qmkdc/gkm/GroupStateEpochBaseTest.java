package io.qmkdc.gkm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import org.junit.Test;

/** The first epoch of a group: 0 by default, an incarnation's base when given. */
public class GroupStateEpochBaseTest {
    private final GroupKeyDistribution distribution = new GroupKeyDistribution(new SecureRandom());

    @Test
    public void withoutABaseEpochsStartAtZero() {
        GroupState s = new GroupState("g", distribution, 2);
        assertEquals(-1, s.currentEpoch());
        assertEquals(0, s.initialize(List.of("a")).epoch());
        assertEquals(0, s.currentKey().epoch());
    }

    @Test
    public void aBaseIsTheFirstEpochAndLaterEpochsCountUpFromIt() {
        long base = 1_700_000_000_000_000L;
        GroupState s = new GroupState("g", distribution, 2, base);
        assertEquals("not initialized yet", -1, s.currentEpoch());
        GroupState.EpochChange first = s.initialize(List.of("a"));
        assertEquals(base, first.epoch());
        assertEquals(base, first.key().epoch());
        assertEquals(base + 1, ((GroupState.EpochChange) s.join("b")).epoch());
        assertEquals(base + 2, s.rekey("test").epoch());
        assertTrue(s.keyFor(base + 1).isPresent());
        assertTrue("only two epochs kept", s.keyFor(base).isEmpty());
    }

    @Test
    public void aNegativeBaseIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GroupState("g", distribution, 2, -5));
        assertTrue(e.getMessage(), e.getMessage().startsWith("firstEpoch"));
    }
}
