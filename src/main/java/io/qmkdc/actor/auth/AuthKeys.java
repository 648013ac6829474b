package io.qmkdc.actor.auth;

import io.qmkdc.qkd.BitVector;
import java.util.HashMap;
import java.util.Map;

/**
 * The KDC's copies of the members' shared authentication keys K_c, updated after each session
 * (paper eq. 12). Held by the KDC and lent to its {@link Authenticator} children on the same node.
 */
public final class AuthKeys {
    private final Map<String, BitVector> keys = new HashMap<>();

    public synchronized void provision(String member, BitVector kc) {
        BitVector old = keys.put(member, kc.copy());
        if (old != null) {
            old.wipe();
        }
    }

    /** A copy of the member's current K_c, or null. */
    public synchronized BitVector current(String member) {
        BitVector k = keys.get(member);
        return k == null ? null : k.copy();
    }

    public synchronized boolean has(String member) {
        return keys.containsKey(member);
    }

    @Override
    public synchronized String toString() {
        return "AuthKeys[" + keys.size() + " members]";
    }
}
