package io.fetchd.testing.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Back-pressure of streamed bodies, proven synchronously on an {@link EmbeddedChannel} whose
 * writability the test switches by hand.
 */
class BodyPumpTest {

    private static final int UNWRITABLE_BIT = 1;

    private HostileHttpServer server;
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        server = HostileHttpServer.start(); // only for its route table and counters
        channel = new EmbeddedChannel(new RequestHeadDecoder(), new ConnectionHandler(server));
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
        server.close();
    }

    @Test
    void streamedBodyWritesNothingWhileTheChannelIsUnwritable() {
        GzipBomb bomb = Behaviour.gzipBomb(1024 * 1024);
        server.route("/bomb", bomb);
        setWritable(false);

        request("/bomb");

        assertEquals(1, channel.outboundMessages().size(), "only the response head");
        releaseOutbound();
        assertEquals(0, bomb.bytesSent());
    }

    @Test
    void streamedBodyResumesWhenTheChannelBecomesWritableAndEndsWithTheLastChunk() {
        GzipBomb bomb = Behaviour.gzipBomb(1024 * 1024);
        server.route("/bomb", bomb);
        setWritable(false);
        request("/bomb");
        releaseOutbound();

        setWritable(true);

        String lastPiece = null;
        long bodyBytes = 0;
        for (Object message; (message = channel.readOutbound()) != null; ) {
            ByteBuf piece = (ByteBuf) message;
            bodyBytes += piece.readableBytes();
            lastPiece = piece.toString(StandardCharsets.ISO_8859_1);
            piece.release();
        }
        assertEquals("0\r\n\r\n", lastPiece);
        assertEquals(bodyBytes, bomb.bytesSent());
        assertEquals(1, bomb.streamsEnded());
    }

    @Test
    void closingTheConnectionEndsTheStream() {
        EndlessBody endless = Behaviour.endlessBody(true);
        server.route("/endless", endless);
        setWritable(false);
        request("/endless");

        channel.close();
        channel.runPendingTasks();

        assertEquals(1, endless.streamsEnded());
        assertTrue(server.behaviourFailures().isEmpty());
    }

    private void request(String path) {
        channel.writeInbound(channel.alloc().buffer().writeBytes(
                RawConnection.get(path).getBytes(StandardCharsets.ISO_8859_1)));
        channel.runPendingTasks();
    }

    private void setWritable(boolean writable) {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(UNWRITABLE_BIT, writable);
        channel.runPendingTasks();
    }

    private void releaseOutbound() {
        for (Object message; (message = channel.readOutbound()) != null; ) {
            ((ByteBuf) message).release();
        }
    }
}
