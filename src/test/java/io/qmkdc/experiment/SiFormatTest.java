package io.qmkdc.experiment;

import org.junit.Test;

import static org.junit.Assert.assertEquals;

public class SiFormatTest {

    private final SiFormat f = new SiFormat();

    @Test
    public void powersOfTenGetPrefixes() {
        assertEquals("1", f.format(1.0));
        assertEquals("100", f.format(100.0));
        assertEquals("1k", f.format(1000.0));
        assertEquals("10k", f.format(1e4));
        assertEquals("1M", f.format(1e6));
        assertEquals("100G", f.format(1e11));
        assertEquals("1m", f.format(1e-3));
        assertEquals("10µ", f.format(1e-5));
    }

    @Test
    public void nonRoundValuesKeepThreeDigits() {
        assertEquals("1.4k", f.format(1395.64 + 4.36));
        assertEquals("993k", f.format(993e3));
        assertEquals("0", f.format(0.0));
    }
}
