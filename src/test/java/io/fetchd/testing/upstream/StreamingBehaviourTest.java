package io.fetchd.testing.upstream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamingBehaviourTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int TEN_MIB = 10 * 1024 * 1024;

    private HostileHttpServer server;

    @BeforeEach
    void startServer() {
        server = HostileHttpServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void endlessChunkedBodyKeepsSendingPastTenMebibytesUntilTheClientCloses() throws Exception {
        EndlessBody endless = Behaviour.endlessBody(true);
        server.route("/endless", endless);
        try (RawConnection conn = new RawConnection(server.port())) {
            String head = conn.send(RawConnection.get("/endless")).readHead();
            assertEquals("chunked", RawConnection.header(head, "transfer-encoding"));
            assertEquals(TEN_MIB + 1, conn.chunkedBody().readNBytes(TEN_MIB + 1).length);
        }
        assertTrue(endless.awaitStreamsEnded(1, WAIT));
        assertTrue(endless.bytesSent() > TEN_MIB);
        assertTrue(server.awaitOpenConnectionsAtMost(0, WAIT));
    }

    @Test
    void endlessCloseDelimitedBodyHasNoLengthAndStopsWhenTheClientCloses() throws Exception {
        EndlessBody endless = Behaviour.endlessBody(false);
        server.route("/endless", endless);
        try (RawConnection conn = new RawConnection(server.port())) {
            String head = conn.send(RawConnection.get("/endless")).readHead();
            assertNull(RawConnection.header(head, "content-length"));
            assertNull(RawConnection.header(head, "transfer-encoding"));
            assertEquals(TEN_MIB + 1, conn.readExactly(TEN_MIB + 1).length);
        }
        assertTrue(endless.awaitStreamsEnded(1, WAIT));
        long afterStop = endless.bytesSent();
        assertTrue(afterStop > TEN_MIB);
        assertEquals(1, endless.streamsStarted());
    }

    @Test
    void gzipBombInflatesToZerosFromAFewCompressedBytes() throws Exception {
        GzipBomb bomb = Behaviour.gzipBomb(1L << 30);
        server.route("/bomb", bomb);
        try (RawConnection conn = new RawConnection(server.port())) {
            String head = conn.send(RawConnection.get("/bomb")).readHead();
            assertEquals("gzip", RawConnection.header(head, "content-encoding"));
            assertNull(RawConnection.header(head, "content-length"));
            InputStream inflated = new GZIPInputStream(conn.chunkedBody(), 64 * 1024);
            byte[] first = inflated.readNBytes(TEN_MIB);
            assertEquals(TEN_MIB, first.length);
            for (byte b : first) {
                assertEquals(0, b);
            }
        }
        assertTrue(bomb.awaitStreamsEnded(1, WAIT));
        assertTrue(bomb.bytesSent() < TEN_MIB / 100, "compressed bytes sent: " + bomb.bytesSent());
    }

    @Test
    void smallGzipBombIsAValidGzipStreamAndKeepsTheConnection() throws Exception {
        long size = 3L * 1024 * 1024 + 17;
        server.route("/bomb", Behaviour.gzipBomb(size)).route("/after", Behaviour.ok("after"));
        try (RawConnection conn = new RawConnection(server.port())) {
            conn.send(RawConnection.get("/bomb")).readHead();
            InputStream body = conn.chunkedBody();
            assertEquals(size, drain(new GZIPInputStream(body))); // checks CRC-32 and ISIZE at the end
            assertEquals(0, drain(body)); // consumes the last chunk
            assertEquals("after", conn.send(RawConnection.get("/after")).readResponseBody());
        }
    }

    @Test
    void truncatedGzipIsCompletelyFramedButFailsToInflate() throws Exception {
        server.route("/cut", Behaviour.truncatedGzip());
        try (RawConnection conn = new RawConnection(server.port())) {
            String head = conn.send(RawConnection.get("/cut")).readHead();
            assertEquals("gzip", RawConnection.header(head, "content-encoding"));
            byte[] body = conn.readExactly(Integer.parseInt(RawConnection.header(head, "content-length")));
            assertThrows(EOFException.class, () -> drain(new GZIPInputStream(new ByteArrayInputStream(body))));
        }
    }

    private static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
        }
        return total;
    }
}
