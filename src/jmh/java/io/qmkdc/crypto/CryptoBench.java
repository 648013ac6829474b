package io.qmkdc.crypto;

import io.qmkdc.gkm.GroupKey;
import io.qmkdc.gkm.GroupKeyDistribution;
import io.qmkdc.gkm.GroupPrivateKey;
import io.qmkdc.gkm.GroupSender;
import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * Hand-run throughput loop (no assertions):
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.qmkdc.crypto.CryptoBench}.
 */
public final class CryptoBench {
    public static void main(String[] args) {
        for (int round = 0; round < 2; round++) {
            System.out.println("round " + round + (round == 0 ? " (warm-up)" : ""));
            gcm(1024, 100_000);
            gcm(64 * 1024, 2_000);
            mac(1024, 200_000);
            pad(1024, 50_000);
            pool(200_000);
            wrap(50_000);
        }
    }

    private static void report(String what, int n, long bytes, long t0) {
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("  %-34s %10.0f ops/s %8.1f MB/s%n", what, n / s, bytes / s / 1e6);
    }

    private static void gcm(int size, int n) {
        GroupKey k = new GroupKeyDistribution(new SecureRandom()).newGroupKey("g", 0);
        GroupSender s = new GroupSender(k, 1);
        byte[] pt = new byte[size];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            s.seal(pt);
        }
        report("AES-256-GCM seal " + size + " B", n, (long) n * size, t0);
    }

    private static void mac(int size, int n) {
        KeyPool a = new KeyPool("a");
        byte[] m = new byte[(int) Math.ceil(n * 61.0 * 1.01 / 8) + 64];
        new SplittableRandom(1).nextBytes(m);
        a.append(m);
        OneTimeMac mac = new OneTimeMac(a);
        byte[] msg = new byte[size];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            mac.sign(msg);
        }
        report("OneTimeMac sign " + size + " B", n, (long) n * size, t0);
    }

    private static void pad(int size, int n) {
        KeyPool a = new KeyPool("a");
        byte[] m = new byte[(int) ((OneTimePad.bitsNeeded(size) * n + 7) / 8)];
        new SplittableRandom(2).nextBytes(m);
        a.append(m);
        byte[] msg = new byte[size];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            OneTimePad.seal(a, new byte[0], msg);
        }
        report("OneTimePad seal " + size + " B", n, (long) n * size, t0);
    }

    private static void pool(int n) {
        KeyPool a = new KeyPool("a");
        for (int i = 0; i < 100; i++) {
            byte[] m = new byte[n * 61 / 8 / 100 + 8];
            new SplittableRandom(i).nextBytes(m);
            a.append(m);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            a.drawBits(61);
        }
        report("KeyPool draw 61 bits", n, n * 61L / 8, t0);
    }

    private static void wrap(int n) {
        GroupKeyDistribution gkd = new GroupKeyDistribution(new SecureRandom());
        GroupPrivateKey pk = new GroupPrivateKey("g", AeadKey.random(new SecureRandom()), new KeyPool("p"));
        GroupKey gk = gkd.newGroupKey("g", 0);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            GroupKeyDistribution.wrap(gk, pk, GroupKeyDistribution.Wrap.AEAD);
        }
        report("G_k wrap (AEAD)", n, n * 32L, t0);
    }
}
