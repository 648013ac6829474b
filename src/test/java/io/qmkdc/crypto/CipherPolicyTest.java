package io.qmkdc.crypto;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class CipherPolicyTest {
    @Test
    public void standardPolicyMapsLevelsToCiphers() {
        CipherPolicy p = CipherPolicy.standard();
        assertEquals(CipherPolicy.Cipher.AES_GCM_GROUP_KEY, p.cipherFor(Sensitivity.NORMAL));
        assertEquals(CipherPolicy.Cipher.AES_GCM_FRESH_QKD_KEY, p.cipherFor(Sensitivity.HIGH));
        assertEquals(CipherPolicy.Cipher.ONE_TIME_PAD, p.cipherFor(Sensitivity.TOP_SECRET));
        assertEquals(0, p.poolBitsFor(Sensitivity.NORMAL, 1000));
        assertEquals(256, p.poolBitsFor(Sensitivity.HIGH, 1000));
        assertEquals(8000 + 122, p.poolBitsFor(Sensitivity.TOP_SECRET, 1000));
    }

    @Test(expected = IllegalArgumentException.class)
    public void incompletePolicyIsRefused() {
        CipherPolicy.of(Map.of(Sensitivity.NORMAL, CipherPolicy.Cipher.ONE_TIME_PAD));
    }

    @Test
    public void priorityOrdersReinitializationFirstAndTrafficLast() {
        List<Priority> work = new ArrayList<>(List.of(Priority.TRAFFIC, Priority.CONTROL, Priority.REKEY,
                Priority.REINITIALIZATION, Priority.TRAFFIC));
        Collections.shuffle(work, new java.util.Random(1));
        work.sort(Priority.URGENT_FIRST);
        assertEquals(List.of(Priority.REINITIALIZATION, Priority.REKEY, Priority.CONTROL, Priority.TRAFFIC,
                Priority.TRAFFIC), work);
        assertTrue(Priority.REKEY.before(Priority.CONTROL));
    }
}
