package io.qmkdc.gkm;

import io.qmkdc.crypto.Aead;
import io.qmkdc.crypto.OneTimePad;

/** C(G_k) = E(M(G_k), P_k(m_i)) (paper eq. 6) as sent to the group; public. */
public sealed interface WrappedGroupKey {
    String groupId();

    long epoch();

    /** G_k sealed by AES-256-GCM under P_k, AAD = (group id, epoch). */
    record AeadWrapped(String groupId, long epoch, Aead.Sealed sealed) implements WrappedGroupKey {
    }

    /** G_k under a one-time pad from the link pool with a Wegman–Carter tag over (group id, epoch). */
    record PadWrapped(String groupId, long epoch, OneTimePad.PadSealed sealed) implements WrappedGroupKey {
    }
}
