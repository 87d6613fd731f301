package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.testing.upstream.Behaviour;
import io.fetchd.testing.upstream.HostileHttpServer;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pooled keep-alive connections that go stale: one the server closed while idle is never handed to
 * a fetch, one idle past the fetcher's idle timeout is closed by the fetcher, and one the server
 * resets just as it is reused (before a byte of response) costs one retry on a fresh connection,
 * never more.
 */
class StaleConnectionTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final AttributeKey<Boolean> SERVED = AttributeKey.valueOf("StaleConnectionTest.served");

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

  /**
   * Answers the first request on each connection and resets the connection on the next one
   * without a byte of response: the server dropped the keep-alive connection just as the client
   * reused it. The server decides per connection, so nothing here races.
   */
  private static Behaviour okOnceThenResetOnReuse() {
    Behaviour ok = Behaviour.ok("fresh");
    return exchange -> {
      Attribute<Boolean> served = exchange.channel().attr(SERVED);
      if (served.get() == null) {
        served.set(true);
        ok.respond(exchange);
      } else {
        exchange.reset();
      }
    };
  }

  private FetcherHarness harnessRecordingRetries(List<String> retries) {
    return new FetcherHarness(
        c -> c.withIdleTimeout(Duration.ofMinutes(1)),
        new FetchListener() {
          @Override
          public void retrying(String reason, Duration delay) {
            retries.add(reason);
          }
        });
  }

  @Test
  void aReusedConnectionResetBeforeAnyResponseByteIsRetriedOnceOnAFreshConnection() {
    List<String> retries = new CopyOnWriteArrayList<>();
    h = harnessRecordingRetries(retries);
    server.route("/", okOnceThenResetOnReuse());

    h.fetch(server.url("/")).ok();
    assertEquals(1, (int) h.onLoop(h.fetcher::idleConnections), "the first connection is pooled");
    FetchResult second = h.fetch(server.url("/")).ok();

    assertFalse(second.connectionReused(), "answered on a fresh connection");
    assertEquals(2, second.attempts(), "the reset attempt and the retry");
    assertEquals(List.of("stale_connection"), retries);
    assertEquals(2, server.connectionsAccepted());
    assertEquals(3, server.requestsReceived(), "the request went out on the stale connection first");
  }

  @Test
  void aResetOnTheFreshConnectionAfterAStaleOneIsNotRetriedAgain() {
    List<String> retries = new CopyOnWriteArrayList<>();
    h = harnessRecordingRetries(retries);
    AtomicInteger requests = new AtomicInteger();
    Behaviour ok = Behaviour.ok("first");
    server.route("/", exchange -> {
      if (requests.incrementAndGet() == 1) {
        ok.respond(exchange);
      } else {
        exchange.reset(); // every later request, on any connection
      }
    });

    h.fetch(server.url("/")).ok();
    h.fetch(server.url("/")).failed(ConnectionResetException.class);

    assertEquals(List.of("stale_connection"), retries, "one stale retry, no second");
    assertEquals(2, server.connectionsAccepted());
    assertEquals(3, server.requestsReceived());
  }
}
