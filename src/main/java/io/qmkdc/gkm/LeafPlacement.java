package io.qmkdc.gkm;

/**
 * Where a joiner sits in its group's {@link KeyTree} and where its leaf key is: 256 bits at
 * {@code linkOffset} of round {@code linkRound} of its own QKD link's KDC → member key (both ends draw
 * the same bits), and its sender index for group traffic. Public: positions, never key bits.
 */
public record LeafPlacement(String member, long leafNode, int linkRound, long linkOffset, int senderIndex) {
}
