package io.qmkdc.wire;

/**
 * Marker of every message that may cross nodes: bound to Akka's {@code jackson-cbor} serializer in
 * {@code application.conf} (the only binding; Java serialization is off). Messages are records of
 * plain fields (strings, numbers, byte[]/long[], ActorRefs, lists of records).
 */
public interface CborSerializable {
}
