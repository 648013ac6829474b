package io.qmkdc.load;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.Test;

public class LatencyTimelineTest {
    @Test
    public void deliveriesFallIntoTheSecondTheirMessageWasSent() {
        LatencyTimeline t = new LatencyTimeline();
        t.add(0, 1_000_000);             // second 0, 1 ms
        t.add(999_999, 60_000_000);      // second 0, 60 ms: slow
        t.add(2_500_000, 50_000_000);    // second 2, exactly 50 ms: not over
        t.add(200_000_000, 70_000_000);  // second 200: the arrays grow
        List<LatencyTimeline.Second> s = t.seconds();
        assertEquals(List.of(new LatencyTimeline.Second(0, 2, 1, 60.0), new LatencyTimeline.Second(2, 1, 0, 50.0),
                new LatencyTimeline.Second(200, 1, 1, 70.0)), s);
    }
}
