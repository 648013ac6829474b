package io.qmkdc.pki;

import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * What a certificate of the cluster CA is for; its subject carries the role as {@code OU}, so a listener can tell an
 * operator from a node or an application that holds a certificate of the same CA.
 * <ul>
 * <li>{@link #NODE}: a cluster node (Artery both ways, the control API's server side): TLS server and client, and the
 * shared subject name {@link #CLUSTER_NAME} that Akka's peer check requires of every node.</li>
 * <li>{@link #OPERATOR}: a person or script using the control API: TLS client only.</li>
 * <li>{@link #SAE}: an application (secure application entity) whose CN is its identity: TLS client only.</li>
 * </ul>
 */
public enum CertRole {
    NODE("node", new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}),
    OPERATOR("operator", new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}),
    SAE("sae", new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth});

    /**
     * A DNS name every node certificate carries: Akka's RotatingKeysSSLEngineProvider accepts a peer only if it shares
     * a subject name (CN or DNS SAN) with the node's own certificate, so operator and SAE certificates cannot join.
     */
    public static final String CLUSTER_NAME = "nodes.qmkdc.cluster";

    private final String unit;
    private final KeyPurposeId[] purposes;

    CertRole(String unit, KeyPurposeId[] purposes) {
        this.unit = unit;
        this.purposes = purposes;
    }

    /** The subject's organizational unit. */
    public String unit() {
        return unit;
    }

    KeyPurposeId[] purposes() {
        return purposes.clone();
    }
}
