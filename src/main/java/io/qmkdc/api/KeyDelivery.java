package io.qmkdc.api;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.ServerBinding;
import io.qmkdc.actor.link.DeliveryTap;
import io.qmkdc.crypto.Sensitivity;
import io.qmkdc.kme.DeliveryPools;
import io.qmkdc.kme.KeyStore;
import io.qmkdc.kme.KmeLimits;
import io.qmkdc.kme.SaeDirectory;
import io.qmkdc.scenario.Scenario;
import javax.net.ssl.SSLContext;

/**
 * ETSI 014 key delivery for a deployment of this JVM: every member is an SAE, behind its group's terminal
 * (per-group keying) or its own link end (per-member); {@link #prepare} taps {@link #SHARE} of every keyed round of
 * the deployment's links into the KMEs' delivery pools — call it before the deployment starts, so both ends of every
 * link set aside the same bits — and {@link #serve} binds the endpoint.
 */
public final class KeyDelivery implements AutoCloseable {
    /** Half of each round's final key goes to key delivery; the KDC's P_k, G_k pads and traffic keep the rest. */
    public static final double SHARE = 0.5;

    private final DeliveryPools pools;
    private final KeyStore store;

    private KeyDelivery(DeliveryPools pools, KeyStore store) {
        this.pools = pools;
        this.store = store;
    }

    public static KeyDelivery prepare(Scenario scenario, KmeLimits limits) {
        SaeDirectory.Builder dir = SaeDirectory.builder();
        boolean perMember = "per-member".equals(scenario.keying());
        for (Scenario.GroupPlan g : scenario.groups()) {
            Sensitivity level = Sensitivity.valueOf(g.sensitivity());
            for (String m : g.members()) {
                dir.sae(m, perMember ? m : g.id(), level);
            }
        }
        DeliveryPools pools = new DeliveryPools();
        DeliveryTap.install((link, kdcEnd, bits) -> pools.append(link,
                kdcEnd ? DeliveryPools.End.KDC : DeliveryPools.End.KME, bits), SHARE);
        return new KeyDelivery(pools, new KeyStore(dir.build(), pools, limits));
    }

    /** Binds the endpoint; SAEs are the CNs of client certificates that {@code https} accepts. */
    public ServerBinding serve(ActorSystem<?> system, String host, int port, SSLContext https) {
        return KeyDeliveryServer.start(system, new KeyDeliveryServer(store, SaeIdentity.fromClientCertificate()), host, port, https);
    }

    public KeyStore store() {
        return store;
    }

    public DeliveryPools pools() {
        return pools;
    }

    /** Removes the tap (links created later keep all their key) and zeroes the pools. */
    @Override
    public void close() {
        DeliveryTap.remove();
        pools.wipe();
    }
}
