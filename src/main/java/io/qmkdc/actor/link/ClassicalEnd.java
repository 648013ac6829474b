package io.qmkdc.actor.link;

import akka.actor.typed.ActorRef;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.qmkdc.crypto.KeyPool;
import io.qmkdc.crypto.OneTimeMac;
import io.qmkdc.qkd.Bb84Step;
import io.qmkdc.qkd.BitVector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One end of a link's authenticated classical channel (DESIGN §4.6): signs outgoing
 * {@link Bb84Step}s (CBOR-encoded; the step records stay free of any wire marker) with the
 * one-time MAC of its sending direction and verifies incoming ones with the other direction's.
 * Both directions' pools are bootstrapped from the pre-shared link authentication key (first half
 * KDC → terminal, second half terminal → KDC) and topped up from each round's final key.
 * Not thread-safe beyond what {@link OneTimeMac} guarantees; one instance per endpoint actor.
 */
final class ClassicalEnd {
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
    /** How a rejection for want of MAC key (not a failed check) begins. */
    static final String POOL_SHORT = "MAC pool short";

    /** Outcome of opening a received message. */
    sealed interface Opening {
    }

    record Opened(Bb84Step step) implements Opening {
    }

    record Rejected(String reason) implements Opening {
    }

    private final String link;
    private final KeyPool outPool;
    private final KeyPool inPool;
    private final OneTimeMac out;
    private final OneTimeMac in;
    private final boolean kdcSide;
    private long rejected;

    private ClassicalEnd(String link, byte[] preShared, boolean kdcSide) {
        if (preShared.length < 256) {
            throw new IllegalArgumentException("link auth key must have >= 256 bytes, had " + preShared.length);
        }
        this.link = link;
        this.kdcSide = kdcSide;
        int half = preShared.length / 2;
        KeyPool toTerminal = new KeyPool(link + "/kdc->terminal");
        KeyPool toKdc = new KeyPool(link + "/terminal->kdc");
        byte[] a = Arrays.copyOfRange(preShared, 0, half);
        byte[] b = Arrays.copyOfRange(preShared, half, 2 * half);
        toTerminal.append(a);
        toKdc.append(b);
        Arrays.fill(a, (byte) 0);
        Arrays.fill(b, (byte) 0);
        this.outPool = kdcSide ? toTerminal : toKdc;
        this.inPool = kdcSide ? toKdc : toTerminal;
        this.out = new OneTimeMac(outPool);
        this.in = new OneTimeMac(inPool);
    }

    static ClassicalEnd kdcEnd(String link, byte[] preSharedAuthKey) {
        return new ClassicalEnd(link, preSharedAuthKey, true);
    }

    static ClassicalEnd terminalEnd(String link, byte[] preSharedAuthKey) {
        return new ClassicalEnd(link, preSharedAuthKey, false);
    }

    /** Signs a step; null when the MAC pool is exhausted (the caller aborts). */
    Authenticated seal(Bb84Step step) {
        String kind = step.getClass().getSimpleName();
        byte[] body;
        try {
            body = CBOR.writeValueAsBytes(step);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OneTimeMac.Signing s = out.sign(framed(kind, body));
        if (!(s instanceof OneTimeMac.Signed signed)) {
            return null;
        }
        return new Authenticated(link, kind, body, signed.tag().sequence(), signed.tag().value());
    }

    /** Verifies and decodes; a tampered, replayed or unknown message is rejected and counted. */
    Opening open(Authenticated a) {
        OneTimeMac.Verification v = in.verify(framed(a.kind(), a.body()), new OneTimeMac.Tag(a.sequence(), a.tag()));
        if (!(v instanceof OneTimeMac.Valid)) {
            rejected++;
            return new Rejected(describe(v) + " on " + a.kind() + " #" + a.sequence());
        }
        Class<? extends Bb84Step> type = Bb84Step.KINDS.get(a.kind());
        if (type == null) {
            rejected++;
            return new Rejected("unknown step kind " + a.kind());
        }
        try {
            return new Opened(CBOR.readValue(a.body(), type));
        } catch (IOException e) {
            rejected++;
            return new Rejected("undecodable " + a.kind() + ": " + e.getMessage());
        }
    }

    /**
     * The step in {@code m}, or null when it is rejected: then {@code owner} hears of the tampering, named after
     * this end ({@code kdc} or {@code terminal}).
     */
    Bb84Step openOrAlarm(Authenticated m, ActorRef<LinkEvent> owner) {
        Opening o = open(m);
        if (o instanceof Rejected r) {
            owner.tell(new LinkEvent.Tampered(link, kdcSide ? "kdc" : "terminal", r.reason(), rejected));
            return null;
        }
        return ((Opened) o).step();
    }

    /**
     * A keyed round's end, alike at the KDC and the terminal so that both split the key the same way: the MAC pools
     * take their share from the front (see {@link #replenish}), {@code keys} the rest as round {@code round}'s key.
     */
    void settle(BitVector finalKey, LinkSettings settings, LinkKeys keys, int round) {
        int bits = settings.replenishBits(finalKey.length());
        replenish(finalKey, bits);
        BitVector rest = finalKey.slice(2 * bits, finalKey.length());
        keys.commit(round, rest);
        rest.wipe();
    }

    /** Tops up both MAC pools from a round's final key: the first {@code bits} for KDC→terminal, the next for the other way. */
    void replenish(BitVector finalKey, int bits) {
        BitVector toTerminal = finalKey.slice(0, bits);
        BitVector toKdc = finalKey.slice(bits, 2 * bits);
        (kdcSide ? outPool : inPool).append(toTerminal);
        (kdcSide ? inPool : outPool).append(toKdc);
        toTerminal.wipe();
        toKdc.wipe();
    }

    long rejected() {
        return rejected;
    }

    /** Messages signed and accepted so far (the MAC sequence numbers of both directions). */
    long messages() {
        return out.nextSequence() + in.nextSequence();
    }

    long macBitsLeft() {
        return outPool.availableBits();
    }

    /** MAC key left for the other direction (the peer's sending pool, which mirrors this one's receiving pool). */
    long peerMacBitsLeft() {
        return inPool.availableBits();
    }

    /** Key material one authenticated message costs, in bits (the same for both directions). */
    double bitsPerMessage() {
        return out.bitsPerMessage();
    }

    private static String describe(OneTimeMac.Verification v) {
        if (v instanceof OneTimeMac.Invalid i) {
            return "MAC invalid (" + i.reason() + ")";
        }
        if (v instanceof OneTimeMac.Replayed r) {
            return "replayed sequence " + r.sequence() + " (next expected " + r.nextExpected() + ")";
        }
        return POOL_SHORT + ": " + v;
    }

    private static byte[] framed(String kind, byte[] body) {
        byte[] k = kind.getBytes(StandardCharsets.UTF_8);
        byte[] f = new byte[1 + k.length + body.length];
        f[0] = (byte) k.length;
        System.arraycopy(k, 0, f, 1, k.length);
        System.arraycopy(body, 0, f, 1 + k.length, body.length);
        return f;
    }

    @Override
    public String toString() {
        return "ClassicalEnd[" + link + (kdcSide ? ", kdc" : ", terminal") + ", rejected=" + rejected + "]";
    }
}
