package io.qmkdc.load;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class InFlightWindowTest {

    @Test
    public void sendsOnlyWhatTheWindowHolds() {
        InFlightWindow w = new InFlightWindow(10);
        assertEquals(5, w.allow(5, 0, 0));
        assertEquals(3, w.allow(5, 7, 0));
        assertEquals(0, w.allow(5, 10, 0));
        assertEquals(0, w.allow(5, 12, 1)); // over the limit (counts raced): nothing, never negative
        assertEquals(4, w.allow(5, 10, 4)); // acknowledgements reopen it
    }

    @Test
    public void aDriverFollowsTheAcknowledgements() {
        // Offered 100 per tick, the cluster completes 30 per tick: sent per tick settles at 30, in flight at the limit.
        InFlightWindow w = new InFlightWindow(200);
        long sent = 0;
        long completed = 0;
        long lastTick = 0;
        for (int tick = 0; tick < 100; tick++) {
            long before = sent;
            sent += w.allow(100, sent, completed);
            completed = Math.min(sent, completed + 30);
            lastTick = sent - before;
            assertEquals(true, sent - completed <= 200);
        }
        assertEquals(30, lastTick);
    }

    @Test
    public void forRateIsTwoSecondsOfTraffic() {
        assertEquals(2000, InFlightWindow.forRate(1000).limit());
        assertEquals(50, InFlightWindow.forRate(1).limit());
    }

    @Test(expected = IllegalArgumentException.class)
    public void refusesAnEmptyWindow() {
        new InFlightWindow(0);
    }
}
