package io.qmkdc.api;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.ServerBinding;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.qmkdc.actor.link.DeliveryTap;
import io.qmkdc.crypto.Sensitivity;
import io.qmkdc.kme.DeliveryPools;
import io.qmkdc.kme.KeyStore;
import io.qmkdc.kme.KmeLimits;
import io.qmkdc.kme.SaeDirectory;
import io.qmkdc.pki.CertRole;
import io.qmkdc.pki.PkiDir;
import io.qmkdc.pki.TlsContexts;
import io.qmkdc.scenario.Scenario;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.EnumSet;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * ETSI 014 key delivery for a deployment: every member of the scenario is an SAE, behind its group's terminal
 * (per-group keying) or its own link end (per-member). The actor system must run with {@link #config()} from its
 * start, so that every link end sets aside {@link #SHARE} of each keyed round ({@link DeliveryTap}); {@link #store}
 * then draws from that system's delivery pools and {@link #serve} binds the endpoint over mutual TLS.
 */
public final class KeyDelivery {
    /** Half of each round's final key goes to key delivery; the KDC's P_k, G_k pads and traffic keep the rest. */
    public static final double SHARE = 0.5;

    private KeyDelivery() {
    }

    /** The config a system needs from its start to serve keys (overrides win over application.conf). */
    public static Config config() {
        return ConfigFactory.parseMap(Map.of(DeliveryTap.SHARE, SHARE));
    }

    /** Who is an SAE of {@code scenario} and which KME (link) serves it. */
    public static SaeDirectory directory(Scenario scenario) {
        SaeDirectory.Builder dir = SaeDirectory.builder();
        boolean perMember = "per-member".equals(scenario.keying());
        for (Scenario.GroupPlan g : scenario.groups()) {
            Sensitivity level = Sensitivity.valueOf(g.sensitivity());
            for (String m : g.members()) {
                dir.sae(m, perMember ? m : g.id(), level);
            }
        }
        return dir.build();
    }

    /** The KMEs' key store of {@code scenario}'s deployment on {@code system}, on that system's delivery pools. */
    public static KeyStore store(ActorSystem<?> system, Scenario scenario, KmeLimits limits) {
        DeliveryPools pools = DeliveryTap.of(system).pools().orElseThrow(() -> new IllegalStateException(
                "the actor system sets no key aside for delivery: start it with KeyDelivery.config()"));
        return new KeyStore(directory(scenario), pools, limits);
    }

    /** The server context: {@code serverCert} of {@code pki}, clients only SAE certificates of its CA. */
    public static SSLContext https(PkiDir pki, String serverCert) throws IOException, GeneralSecurityException {
        return TlsContexts.server(pki, serverCert, EnumSet.of(CertRole.SAE));
    }

    /** Binds the endpoint; SAEs are the CNs of client certificates that {@code https} accepts. */
    public static ServerBinding serve(ActorSystem<?> system, KeyStore store, String host, int port, SSLContext https) {
        return KeyDeliveryServer.start(system, new KeyDeliveryServer(store, SaeIdentity.fromClientCertificate()), host, port, https);
    }
}
