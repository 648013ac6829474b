package io.qmkdc.crypto;

/**
 * Sensitivity level of a message (paper abstract: traffic "handled by sensitivity level"); the
 * {@link CipherPolicy} maps each level to a cipher.
 *
 * <ul>
 *   <li>{@link #NORMAL} — routine group traffic: AES-256-GCM under the group key G_k.</li>
 *   <li>{@link #HIGH} — AES-256-GCM under a fresh 256-bit key drawn from QKD material for this
 *       message alone: a compromised G_k does not expose it; costs 256 pool bits per message.</li>
 *   <li>{@link #TOP_SECRET} — one-time pad from QKD material with a Wegman–Carter tag:
 *       information-theoretic secrecy; costs 8n + 122 pool bits for n bytes.</li>
 * </ul>
 */
public enum Sensitivity {
    NORMAL,
    HIGH,
    TOP_SECRET
}
