package io.qmkdc.crypto;

/**
 * Wegman–Carter authentication of the classical post-processing channel (DESIGN §4.6; Wegman &
 * Carter, JCSS 22 (1981)): tag = (PolynomialHash(seq ‖ message, k) + s) mod (2^61 − 1), 64-bit
 * tag with 61 bits used.
 *
 * <p>One instance per <em>direction</em> of a link at each end (the sender's signs, the
 * receiver's verifies), over a pool dedicated to that direction and filled identically at both
 * ends (bootstrap it from the pre-shared authentication key, then top it up from QKD output).
 * The hash key k (61 bits) is reused for {@code hashKeyReuse} messages; the pad s (61 bits) is
 * fresh per message. Material sits at offsets fixed by the sequence number, so a receiver that
 * missed messages still finds the right pad: block b = seq / N holds k then N pads.
 *
 * <p>Forgery: each attempt succeeds with probability ≤ L/(2^61 − 1) + 2^−60 where L is the number
 * of 60-bit words of the framed message ({@link #forgeryBound(long)}: ≈ 2^−54 for a 1 KiB
 * message); q attempts ≤ q times that. Replays (sequence ≤ last accepted) are refused. A
 * verification consumes key material only when it succeeds, so forged messages burn nothing.
 */
public final class OneTimeMac {
    public sealed interface Signing permits Signed, KeyPool.Short {
    }

    public record Signed(Tag tag) implements Signing {
    }

    /** Sent beside the message; not secret. */
    public record Tag(long sequence, long value) {
    }

    public sealed interface Verification permits Valid, Invalid, Replayed, KeyPool.Short {
    }

    public record Valid(long sequence) implements Verification {
    }

    public record Invalid(String reason) implements Verification {
    }

    public record Replayed(long sequence, long nextExpected) implements Verification {
    }

    private static final int W = WegmanCarter.KEY_BITS;

    private final KeyPool pool;
    private final long base;
    private final int hashKeyReuse;
    private final long window;
    private long nextSeq;
    private long cachedBlock = -1;
    private long hashKey;
    private boolean wiped;

    /**
     * @param pool         this direction's pool; its current position is the MAC's origin
     * @param hashKeyReuse messages per hash key, ≥ 1
     * @param window       how far ahead of the next expected sequence a receiver accepts, ≥ 1
     */
    public OneTimeMac(KeyPool pool, int hashKeyReuse, long window) {
        if (hashKeyReuse < 1) {
            throw new IllegalArgumentException("hashKeyReuse must be >= 1, was " + hashKeyReuse);
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, was " + window);
        }
        this.pool = pool;
        this.base = pool.position();
        this.hashKeyReuse = hashKeyReuse;
        this.window = window;
    }

    public OneTimeMac(KeyPool pool) {
        this(pool, 1024, 1 << 16);
    }

    /** Key material one message costs on average, in bits. */
    public double bitsPerMessage() {
        return W * (1.0 + 1.0 / hashKeyReuse);
    }

    public synchronized Signing sign(byte[] message) {
        long seq = nextSeq;
        checkLive();
        Material m = material(seq);
        if (m.shortage() != null) {
            return m.shortage();
        }
        long value = WegmanCarter.tag(m.k(), m.s(), seq, message);
        commit(seq, m.k());
        return new Signed(new Tag(seq, value));
    }

    public synchronized Verification verify(byte[] message, Tag tag) {
        checkLive();
        long seq = tag.sequence();
        if (seq < nextSeq) {
            return new Replayed(seq, nextSeq);
        }
        if (seq - nextSeq >= window) {
            return new Invalid("sequence " + seq + " more than " + window + " ahead of " + nextSeq);
        }
        Material m = material(seq);
        if (m.shortage() != null) {
            return m.shortage();
        }
        if (!WegmanCarter.same(WegmanCarter.tag(m.k(), m.s(), seq, message), tag.value())) {
            return new Invalid("tag mismatch at sequence " + seq);
        }
        commit(seq, m.k());
        return new Valid(seq);
    }

    private record Material(long k, long s, KeyPool.Short shortage) {
        @Override
        public String toString() {
            return "Material[hidden]";
        }
    }

    /** Hash key and pad for {@code seq}, read without consuming. */
    private Material material(long seq) {
        long block = seq / hashKeyReuse;
        long blockStart = base + block * (hashKeyReuse + 1L) * W;
        long k = hashKey;
        if (block != cachedBlock) {
            KeyPool.Draw kd = pool.copyAt(blockStart, W);
            if (!(kd instanceof KeyPool.Drawn d)) {
                return new Material(0, 0, asShort(kd));
            }
            k = d.firstBitsAsLong(W);
            d.wipe();
        }
        KeyPool.Draw pd = pool.copyAt(blockStart + (1 + seq % hashKeyReuse) * (long) W, W);
        if (!(pd instanceof KeyPool.Drawn d)) {
            return new Material(0, 0, asShort(pd));
        }
        long s = d.firstBitsAsLong(W);
        d.wipe();
        return new Material(k, s, null);
    }

    private KeyPool.Short asShort(KeyPool.Draw d) {
        if (d instanceof KeyPool.Short s) {
            return s;
        }
        throw new IllegalStateException("MAC pool of " + pool.link() + " was consumed by someone else: " + d);
    }

    private void commit(long seq, long k) {
        long block = seq / hashKeyReuse;
        pool.discardTo(base + block * (hashKeyReuse + 1L) * W + (2 + seq % hashKeyReuse) * (long) W);
        cachedBlock = block;
        hashKey = k;
        nextSeq = seq + 1;
    }

    /** Forgery probability bound per attempt for a message of {@code messageBytes} bytes. */
    public static double forgeryBound(long messageBytes) {
        return WegmanCarter.forgeryBound(messageBytes);
    }

    public synchronized long nextSequence() {
        return nextSeq;
    }

    /** Forgets the cached hash key; the instance is unusable afterwards. */
    public synchronized void wipe() {
        hashKey = 0;
        wiped = true;
    }

    private void checkLive() {
        if (wiped) {
            throw new IllegalStateException("OneTimeMac of " + pool.link() + " was wiped");
        }
    }

    @Override
    public String toString() {
        return "OneTimeMac[" + pool.link() + ", next=" + nextSeq + "]";
    }
}
