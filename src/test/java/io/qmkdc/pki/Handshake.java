package io.qmkdc.pki;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/** Runs a TLS handshake between two engines in memory (no sockets); the first failure, or null when both finished. */
public final class Handshake {
    private Handshake() {
    }

    public static SSLException run(SSLEngine client, SSLEngine server) {
        int size = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize()) * 4;
        ByteBuffer toServer = ByteBuffer.allocate(size);
        ByteBuffer toClient = ByteBuffer.allocate(size);
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer sink = ByteBuffer.allocate(size * 4);
        try {
            client.beginHandshake();
            server.beginHandshake();
            for (int step = 0; step < 200; step++) {
                boolean progressed = pump(client, empty, toServer, toClient, sink);
                progressed |= pump(server, empty, toClient, toServer, sink);
                if (done(client) && done(server) && toServer.position() == 0 && toClient.position() == 0) {
                    return null;
                }
                if (!progressed && client.isOutboundDone() && server.isOutboundDone()) {
                    break;
                }
            }
            return new SSLException("handshake did not finish: client " + client.getHandshakeStatus() + ", server "
                    + server.getHandshakeStatus());
        } catch (SSLException e) {
            return e;
        }
    }

    private static boolean done(SSLEngine e) {
        HandshakeStatus s = e.getHandshakeStatus();
        return s == HandshakeStatus.NOT_HANDSHAKING || s == HandshakeStatus.FINISHED;
    }

    /** One turn of {@code e}: wrap into {@code out}, unwrap what {@code in} holds, run delegated tasks. */
    private static boolean pump(SSLEngine e, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer sink) throws SSLException {
        boolean progressed = false;
        Runnable task;
        while ((task = e.getDelegatedTask()) != null) {
            task.run();
            progressed = true;
        }
        if (e.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            progressed |= e.wrap(empty, out).bytesProduced() > 0;
        }
        in.flip();
        if (in.hasRemaining() && !e.isInboundDone()) {
            progressed |= e.unwrap(in, sink).bytesConsumed() > 0;
        }
        in.compact();
        sink.clear();
        return progressed;
    }
}
