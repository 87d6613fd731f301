package io.fetchd.testing.upstream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostileHttpServerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

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
    void bindsToLoopbackOnAnEphemeralPort() {
        assertEquals("127.0.0.1", server.address().getAddress().getHostAddress());
        assertTrue(server.port() > 0);
        assertEquals("http://127.0.0.1:" + server.port() + "/a/b", server.url("/a/b"));
    }

    @Test
    void okServesSeveralRequestsOnOneKeepAliveConnection() throws Exception {
        server.route("/one", Behaviour.ok("first")).route("/two", Behaviour.ok("second"));
        try (RawConnection conn = new RawConnection(server.port())) {
            assertEquals("first", conn.send(RawConnection.get("/one")).readResponseBody());
            assertEquals("second", conn.send(RawConnection.get("/two")).readResponseBody());
        }
        assertEquals(1, server.connectionsAccepted());
        assertEquals(2, server.requestsReceived());
        assertEquals("/two", server.requests().get(1).path());
        assertEquals("upstream.test", server.requests().get(1).header("Host"));
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        server.route("/slow", Behaviour.slowFirstByte(Duration.ofMillis(50))).route("/fast", Behaviour.ok("fast"));
        try (RawConnection conn = new RawConnection(server.port())) {
            conn.send(RawConnection.get("/slow") + RawConnection.get("/fast"));
            assertEquals("slow", conn.readResponseBody());
            assertEquals("fast", conn.readResponseBody());
        }
    }

    @Test
    void requestBodyIsSkippedBeforeTheNextRequest() throws Exception {
        server.route("/post", Behaviour.ok("posted")).route("/next", Behaviour.ok("next"));
        try (RawConnection conn = new RawConnection(server.port())) {
            conn.send("POST /post HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" + RawConnection.get("/next"));
            assertEquals("posted", conn.readResponseBody());
            assertEquals("next", conn.readResponseBody());
        }
    }

    @Test
    void unroutedPathGets404() throws Exception {
        try (RawConnection conn = new RawConnection(server.port())) {
            String head = conn.send(RawConnection.get("/nowhere")).readHead();
            assertTrue(head.startsWith("HTTP/1.1 404 "), head);
        }
    }

    @Test
    void rawBytesArriveVerbatimAndThenFin() throws Exception {
        byte[] malformed = "HTTP/1.1 99999 Nope\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        server.route("/raw", Behaviour.raw(malformed, true));
        try (RawConnection conn = new RawConnection(server.port())) {
            assertArrayEquals(malformed, conn.send(RawConnection.get("/raw")).readToEof());
        }
    }

    @Test
    void rawWithoutCloseKeepsTheConnectionForTheNextRequest() throws Exception {
        String extra = "HTTP/1.1 204 No Content\r\n\r\nbody-on-204";
        server.route("/raw", Behaviour.raw(extra, false)).route("/ok", Behaviour.ok("after"));
        try (RawConnection conn = new RawConnection(server.port())) {
            conn.send(RawConnection.get("/raw") + RawConnection.get("/ok"));
            String expected = extra + "HTTP/1.1 200 OK\r\n";
            assertEquals(expected, new String(conn.readExactly(expected.length()), StandardCharsets.ISO_8859_1));
        }
        assertEquals(1, server.connectionsAccepted());
    }

    @Test
    void headRequestGetsHeadersWithoutBody() throws Exception {
        server.route("/h", Behaviour.ok("invisible"));
        try (RawConnection conn = new RawConnection(server.port())) {
            String head = conn.send("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n").readHead();
            assertEquals("9", RawConnection.header(head, "content-length"));
            assertEquals("invisible", conn.send(RawConnection.get("/h")).readResponseBody());
        }
    }

    @Test
    void informationalFloodPrecedesTheFinalResponse() throws Exception {
        server.route("/flood", Behaviour.informationalFlood(50));
        try (RawConnection conn = new RawConnection(server.port())) {
            conn.send(RawConnection.get("/flood"));
            for (int i = 0; i < 50; i++) {
                assertEquals("HTTP/1.1 100 Continue", conn.readHead());
            }
            assertEquals("after 50 interim", conn.readResponseBody());
        }
    }

    @Test
    void closeBeforeContentLengthEndsWithCleanEofShortOfTheBody() throws Exception {
        server.route("/short", Behaviour.closeBeforeContentLength());
        try (RawConnection conn = new RawConnection(server.port())) {
            String head = conn.send(RawConnection.get("/short")).readHead();
            assertEquals("1000", RawConnection.header(head, "content-length"));
            assertEquals(10, conn.readToEof().length);
        }
    }

    @Test
    void resetMidBodySurfacesAsConnectionReset() throws Exception {
        server.route("/reset", Behaviour.resetMidBody());
        try (RawConnection conn = new RawConnection(server.port())) {
            conn.send(RawConnection.get("/reset"));
            SocketException reset = assertThrows(SocketException.class, () -> conn.in().readNBytes(200_000));
            assertEquals("Connection reset", reset.getMessage());
        }
    }

    @Test
    void resetBeforeResponseSurfacesAsConnectionReset() throws Exception {
        server.route("/reset", Behaviour.resetBeforeResponse());
        try (RawConnection conn = new RawConnection(server.port())) {
            conn.send(RawConnection.get("/reset"));
            SocketException reset = assertThrows(SocketException.class, () -> conn.in().read());
            assertEquals("Connection reset", reset.getMessage());
        }
    }

    @Test
    void silentReadsTheRequestAndNeverAnswers() throws Exception {
        server.route("/silent", Behaviour.silent());
        try (RawConnection conn = new RawConnection(server.port(), 200)) {
            conn.send(RawConnection.get("/silent"));
            assertTrue(server.awaitRequests(1, WAIT));
            assertThrows(SocketTimeoutException.class, () -> conn.in().read());
            assertEquals(1, server.openConnections());
        }
    }

    @Test
    void silentAfterHeadersStallsInsideTheBody() throws Exception {
        server.route("/stall", Behaviour.silentAfterHeaders());
        try (RawConnection conn = new RawConnection(server.port(), 200)) {
            String head = conn.send(RawConnection.get("/stall")).readHead();
            assertEquals("1000", RawConnection.header(head, "content-length"));
            conn.readExactly(10);
            assertThrows(SocketTimeoutException.class, () -> conn.in().read());
        }
    }

    @Test
    void slowFirstByteAnswersOnlyAfterTheDelay() throws Exception {
        server.route("/slow", Behaviour.slowFirstByte(Duration.ofMillis(200)));
        try (RawConnection conn = new RawConnection(server.port())) {
            long start = System.nanoTime();
            assertEquals("slow", conn.send(RawConnection.get("/slow")).readResponseBody());
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos());
        }
    }

    @Test
    void closeAfterResponseSendsConnectionCloseThenFin() throws Exception {
        server.route("/close", Behaviour.closeAfterResponse());
        try (RawConnection conn = new RawConnection(server.port())) {
            String head = conn.send(RawConnection.get("/close")).readHead();
            assertEquals("close", RawConnection.header(head, "connection"));
            assertEquals("closing", new String(conn.readToEof(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void okThenCloseIdleKeepsAliveThenDropsTheIdleConnection() throws Exception {
        server.route("/idle", Behaviour.okThenCloseIdle());
        try (RawConnection conn = new RawConnection(server.port())) {
            String head = conn.send(RawConnection.get("/idle")).readHead();
            assertEquals("keep-alive", RawConnection.header(head, "connection"));
            conn.readExactly(Integer.parseInt(RawConnection.header(head, "content-length")));
            assertEquals(-1, conn.in().read());
        }
        assertTrue(server.awaitOpenConnectionsAtMost(0, WAIT));
    }

    @Test
    void clientConnectionCloseIsHonoured() throws Exception {
        server.route("/ok", Behaviour.ok("bye"));
        try (RawConnection conn = new RawConnection(server.port())) {
            conn.send("GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(new String(conn.readToEof(), StandardCharsets.UTF_8).endsWith("\r\n\r\nbye"));
        }
    }

    @Test
    void countingConcurrencyTracksMaxInFlightAcrossConnections() throws Exception {
        CountingConcurrency counting = Behaviour.countingConcurrency(Duration.ofMillis(300), "held");
        server.route("/held", counting);
        try (RawConnection a = new RawConnection(server.port());
             RawConnection b = new RawConnection(server.port());
             RawConnection c = new RawConnection(server.port())) {
            for (RawConnection conn : new RawConnection[] {a, b, c}) {
                conn.send(RawConnection.get("/held"));
            }
            assertTrue(counting.awaitInFlight(3, WAIT));
            for (RawConnection conn : new RawConnection[] {a, b, c}) {
                assertEquals("held", conn.readResponseBody());
            }
        }
        assertEquals(3, counting.maxConcurrent());
        assertEquals(0, counting.inFlight());
    }

    @Test
    void connectionCountersFollowClients() throws Exception {
        Socket first = new Socket("127.0.0.1", server.port());
        Socket second = new Socket("127.0.0.1", server.port());
        try {
            assertTrue(server.awaitConnections(2, WAIT));
            assertEquals(2, server.openConnections());
        } finally {
            first.close();
            second.close();
        }
        assertTrue(server.awaitOpenConnectionsAtMost(0, WAIT));
        assertEquals(2, server.connectionsAccepted());
    }

    @Test
    void awaitConnectionsGivesUpAfterTheTimeout() throws Exception {
        assertFalse(server.awaitConnections(1, Duration.ofMillis(20)));
    }

    @Test
    void malformedRequestLineClosesTheConnection() throws Exception {
        try (RawConnection conn = new RawConnection(server.port())) {
            assertEquals(0, conn.send("NOT-HTTP\r\n\r\n").readToEof().length);
        }
        assertEquals(0, server.requestsReceived());
    }

    @Test
    void behaviourExceptionIsRecordedAndClosesTheConnection() throws Exception {
        server.route("/boom", exchange -> {
            throw new IllegalStateException("boom");
        });
        try (RawConnection conn = new RawConnection(server.port())) {
            assertEquals(0, conn.send(RawConnection.get("/boom")).readToEof().length);
        }
        assertEquals("boom", server.behaviourFailures().get(0).getMessage());
    }

    @Test
    void closeStopsListening() throws IOException {
        int port = server.port();
        server.close();
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
    }
}
