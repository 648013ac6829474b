package io.qmkdc.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** Test configuration: every message goes through its serializer (CBOR), even between local actors. */
public final class TestClusterConfig {
    private TestClusterConfig() {
    }

    public static Config config() {
        return ConfigFactory.parseString("""
                akka.actor.serialize-messages = on
                akka.loglevel = WARNING
                akka.remote.artery.canonical.port = 0
                """).withFallback(ConfigFactory.load());
    }
}
