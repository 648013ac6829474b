package io.qmkdc.cluster;

import io.qmkdc.wire.CborSerializable;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.jackson.JacksonCborSerializer;
import org.junit.ClassRule;
import org.junit.Test;

/** The marker is bound to jackson-cbor, Java serialization is refused, and tests really serialize. */
public class CborSerializationTest {
    @ClassRule
    public static final TestKitJunitResource testKit = new TestKitJunitResource(TestClusterConfig.config());

    public record Ping(String text, byte[] payload, long[] words, ActorRef<Ping> replyTo) implements CborSerializable {
    }

    /** Not marked: must not be serializable at all. */
    public record Unmarked(String text) {
    }

    @Test
    public void markedMessagesUseJacksonCbor() {
        Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
        assertTrue(serialization.findSerializerFor(new Ping("x", new byte[0], new long[0], null))
                instanceof JacksonCborSerializer);
    }

    @Test
    public void unmarkedMessagesAreRefused() {
        Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
        assertTrue("java serialization must be off", serialization.serialize(new Unmarked("x")).isFailure());
    }

    @Test
    public void messagesArriveAsDeserializedCopies() {
        TestProbe<Ping> probe = testKit.createTestProbe();
        Ping sent = new Ping("hello", new byte[] {1, 2, 3}, new long[] {-1L, 42L}, probe.getRef());
        probe.getRef().tell(sent);
        Ping got = probe.receiveMessage();
        assertNotSame("serialize-messages = on must hand over a copy", sent, got);
        assertEquals("hello", got.text());
        assertArrayEquals(new byte[] {1, 2, 3}, got.payload());
        assertArrayEquals(new long[] {-1L, 42L}, got.words());
        assertEquals(probe.getRef(), got.replyTo());
    }
}
