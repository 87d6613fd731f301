package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fetchd.testing.upstream.Behaviour;
import io.fetchd.testing.upstream.HostileHttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The timeouts that need a real socket, one per network stage, against an upstream that stalls:
 * the exchange's first-byte timeout and the connect timeout (Netty's own timer). The fetch fails
 * with that timeout's own exception, type and phase, not before the timeout, with the fetch's
 * details attached, and the stalled connection is closed. The timer logic itself (first byte,
 * idle read, deadline, queue, backoff) is tested exactly on the fake clock in {@code
 * client.internal.StageMatrixTest}.
 */
class TimeoutsTest {
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final Duration WAIT = Duration.ofSeconds(5);

  private HostileHttpServer server;
  private FetcherHarness h;

  @BeforeEach
  void setUp() {
    server = HostileHttpServer.start();
    h = new FetcherHarness();
  }

  @AfterEach
  void tearDown() {
    h.close();
    server.close();
  }

  private FetcherHarness.Outcome fetch(String path, Timeouts timeouts) {
    return h.fetch(
        new FetchRequest(server.url(path), RequestOptions.DEFAULTS.withTimeouts(timeouts)));
  }

  private static void assertDetailed(FetchException e, Duration atLeast) {
    FailureDetails d = e.details();
    assertNotNull(d, "the fetcher attaches what it had done");
    assertNotNull(d.timings().total());
    assertTrue(
        d.timings().total().compareTo(atLeast) >= 0,
        "failed after " + d.timings().total() + ", before its " + atLeast + " timeout");
    assertEquals(1, d.attempts(), "the attempt the timeout cut short counts");
  }

  @Test
  void silentUpstreamFailsWithFirstByteTimeoutAndTheStalledConnectionCloses() throws Exception {
    server.route("/silent", Behaviour.silent());

    FirstByteTimeoutException e =
        fetch("/silent", Timeouts.DEFAULTS.withFirstByte(SHORT)).failed(FirstByteTimeoutException.class);

    assertEquals("FirstByteTimeout", e.type());
    assertEquals("ttfb", e.phase());
    assertDetailed(e, SHORT);
    assertTrue(server.awaitOpenConnectionsAtMost(0, WAIT));
    assertEquals(0, (int) h.onLoop(h.fetcher::openConnections));
  }

  /**
   * A listener that never accepts, its accept queue filled: Linux then drops further SYNs, so a
   * connect on loopback stalls until the connect timeout. Skipped where the kernel answers anyway.
   */
  @Test
  void connectToAFullAcceptQueueFailsWithConnectTimeout() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      List<Socket> fillers = new ArrayList<>();
      try {
        assumeTrue(fillAcceptQueue(listener, fillers), "this kernel accepts SYNs on a full queue");

        ConnectTimeoutException e =
            h.fetch(
                    new FetchRequest(
                        "http://127.0.0.1:" + listener.getLocalPort() + "/",
                        RequestOptions.DEFAULTS.withTimeouts(Timeouts.DEFAULTS.withConnect(SHORT))))
                .failed(ConnectTimeoutException.class);

        assertEquals("ConnectTimeout", e.type());
        assertEquals("connect", e.phase());
        assertDetailed(e, SHORT);
      } finally {
        for (Socket s : fillers) {
          s.close();
        }
      }
    }
  }

  /** Connects until one connect stalls (the queue is full); false if 32 all went through. */
  private static boolean fillAcceptQueue(ServerSocket listener, List<Socket> fillers)
      throws IOException {
    for (int i = 0; i < 32; i++) {
      Socket s = new Socket();
      try {
        s.connect(listener.getLocalSocketAddress(), 200);
        fillers.add(s);
      } catch (SocketTimeoutException full) {
        s.close();
        return true;
      }
    }
    return false;
  }
}
