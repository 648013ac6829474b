package io.qmkdc.actor.link;

import io.qmkdc.wire.CborSerializable;

/**
 * One classical post-processing message on the wire (DESIGN §4.6): the step's kind and its CBOR
 * body, with the Wegman–Carter tag of the sender's direction. Public by nature; no key bits.
 *
 * @param kind     the step's record name ({@link io.qmkdc.qkd.Bb84Step})
 * @param body     the step, CBOR-encoded
 * @param sequence MAC sequence number (replays are refused)
 * @param tag      one-time MAC tag over kind ‖ body
 */
public record Authenticated(String link, String kind, byte[] body, long sequence, long tag) implements CborSerializable {

    /** A copy with one body bit flipped (what a tampering eavesdropper sends on). */
    public Authenticated withFlippedBit(int bit) {
        byte[] b = body.clone();
        if (b.length > 0) {
            int i = Math.floorMod(bit, b.length * 8);
            b[i >>> 3] ^= (byte) (1 << (i & 7));
        }
        return new Authenticated(link, kind, b, sequence, tag);
    }

    @Override
    public String toString() {
        return "Authenticated[" + link + ", " + kind + ", seq=" + sequence + ", " + body.length + " bytes]";
    }
}
