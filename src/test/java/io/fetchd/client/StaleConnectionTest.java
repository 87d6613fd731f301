package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.testing.upstream.Behaviour;
import io.fetchd.testing.upstream.HostileHttpServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pooled keep-alive connections that go stale: one the server closed while idle is never handed to
 * a fetch, and one idle past the fetcher's idle timeout is closed by the fetcher.
 */
class StaleConnectionTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private HostileHttpServer server;
  private FetcherHarness h;

  @BeforeEach
  void setUp() {
    server = HostileHttpServer.start();
  }

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
    server.close();
  }

  @Test
  void connectionTheServerClosedWhileIdleIsNotReused() throws Exception {
    h = new FetcherHarness(c -> c.withIdleTimeout(Duration.ofMinutes(1)));
    server.route("/", Behaviour.okThenCloseIdle(Duration.ofMillis(50)));

    FetchResult first = h.fetch(server.url("/")).ok();
    assertTrue(server.awaitOpenConnectionsAtMost(0, WAIT), "the server dropped the idle connection");
    FetchResult second = h.fetch(server.url("/")).ok();

    assertFalse(first.connectionReused());
    assertFalse(second.connectionReused(), "served on a fresh connection");
    assertEquals(2, server.connectionsAccepted());
    assertEquals(2, server.requestsReceived(), "no request was lost on the dead connection");
  }

  @Test
  void connectionIdlePastTheIdleTimeoutIsClosedByTheFetcher() throws Exception {
    h = new FetcherHarness(c -> c.withIdleTimeout(Duration.ofMillis(100)));
    server.route("/", Behaviour.ok("keep-alive forever"));

    h.fetch(server.url("/")).ok();

    // This server never closes a keep-alive connection: only the fetcher's eviction can.
    assertTrue(server.awaitOpenConnectionsAtMost(0, WAIT), "the fetcher closed the idle connection");
    assertEquals(0, (int) h.onLoop(h.fetcher::idleConnections));
    assertEquals(0, (int) h.onLoop(h.fetcher::openConnections));
  }

  @Test
  void connectionIdleWithinTheIdleTimeoutIsReused() {
    h = new FetcherHarness(c -> c.withIdleTimeout(Duration.ofMinutes(1)));
    server.route("/", Behaviour.ok("keep-alive"));

    h.fetch(server.url("/")).ok();
    assertEquals(1, (int) h.onLoop(h.fetcher::idleConnections));
    FetchResult second = h.fetch(server.url("/")).ok();

    assertTrue(second.connectionReused());
    assertEquals(1, server.connectionsAccepted());
  }
}
