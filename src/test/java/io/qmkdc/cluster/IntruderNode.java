package io.qmkdc.cluster;

import com.typesafe.config.ConfigFactory;
import io.qmkdc.pki.PkiDir;
import java.nio.file.Path;
import java.util.List;

/**
 * A node JVM for {@link TlsJoinSystemTest} that skips {@code node}'s own certificate check, as an intruder would: it
 * trusts the cluster's CA (public) and presents whatever certificate its folder holds. Args: PKI_DIR NAME PORT SEED.
 */
public final class IntruderNode {
    private IntruderNode() {
    }

    public static void main(String[] args) throws Exception {
        PkiDir pki = ((PkiDir.Opened.Ok) PkiDir.open(Path.of(args[0]))).pki();
        var system = ClusterNode.start(new ClusterNode.Options(List.of("member"), "127.0.0.1", Integer.parseInt(args[2]),
                List.of(args[3]), 0, 1, null, ArteryTls.config(pki, args[1]).withFallback(ConfigFactory.parseString(
                        "akka.coordinated-shutdown.exit-jvm = off"))), System.out);
        system.getWhenTerminated().toCompletableFuture().get();
        System.out.println("intruder stopped");
        System.exit(3);
    }
}
