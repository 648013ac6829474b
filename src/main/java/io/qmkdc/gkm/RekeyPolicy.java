package io.qmkdc.gkm;

/**
 * How the KDC rekeys a per-member group on a membership change: {@code star} (the new G_k wrapped under
 * every member's own P_k, n − 1 encryptions per leave: per-member keying before issue 11) or {@code lkh}
 * (a {@link KeyTree} of degree {@code degree}: d·L − 1 per leave, sent as one multicast message). LKH
 * changes that arrive within {@code batchMs} are applied as one rekey (Li, Yang, Gouda, Lam 2001; 0:
 * each at once). Read by the KDC at spawn (scenario keys {@code scenario.rekey.*}, {@code load --rekey}).
 */
public record RekeyPolicy(String scheme, int degree, long batchMs) {
    public static final String STAR = "star";
    public static final String LKH = "lkh";
    public static final RekeyPolicy DEFAULT_STAR = new RekeyPolicy(STAR, 4, 1000);

    public RekeyPolicy {
        if (!STAR.equals(scheme) && !LKH.equals(scheme)) {
            throw new IllegalArgumentException("rekey: '" + scheme + "' is neither " + STAR + " nor " + LKH);
        }
        if (degree < 2 || degree > 64) {
            throw new IllegalArgumentException("rekey degree: " + degree + " outside [2, 64]");
        }
        if (batchMs < 0 || batchMs > 60_000) {
            throw new IllegalArgumentException("rekey batch: " + batchMs + " ms outside [0, 60000]");
        }
    }

    public static RekeyPolicy lkh(int degree, long batchMs) {
        return new RekeyPolicy(LKH, degree, batchMs);
    }

    public boolean lkh() {
        return LKH.equals(scheme);
    }
}
