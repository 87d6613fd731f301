package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.testing.upstream.Behaviour;
import io.fetchd.testing.upstream.HostileHttpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Strict HTTP/1.1 framing against an upstream that writes raw bytes: every malformed response ends
 * its fetch with the documented failure, and a connection that carried one is never reused.
 */
class FramingTest {
  /** Within the harness's wait, so a framing bug shows up as a timeout, not a hung test. */
  private static final RequestOptions OPTIONS =
      RequestOptions.DEFAULTS.withTimeouts(
          Timeouts.DEFAULTS
              .withFirstByte(Duration.ofSeconds(10))
              .withIdleRead(Duration.ofSeconds(10))
              .withDeadline(Duration.ofSeconds(15)));

  private static final Duration WAIT = Duration.ofSeconds(5);

  private HostileHttpServer server;
  private FetcherHarness h;

  @BeforeEach
  void setUp() {
    server = HostileHttpServer.start();
    server.route("/next", Behaviour.ok("next"));
    // Idle connections outlive every wait here, so only a framing decision can close one.
    h = new FetcherHarness(c -> c.withIdleTimeout(Duration.ofMinutes(1)));
  }

  @AfterEach
  void tearDown() {
    h.close();
    server.close();
  }

  private FetcherHarness.Outcome fetch(String path) {
    return h.fetch(new FetchRequest(server.url(path), OPTIONS));
  }

  /** Routes {@code path} to exactly {@code bytes}, keeping the connection open afterwards. */
  private void raw(String path, String bytes) {
    server.route(path, Behaviour.raw(bytes, false));
  }

  @Test
  void fiveDigitStatusCodeIsAProtocolError() {
    raw("/bad", "HTTP/1.1 99999 Nope\r\nContent-Length: 0\r\n\r\n");
    ProtocolErrorException e = fetch("/bad").failed(ProtocolErrorException.class);
    assertEquals("ProtocolError", e.type());
  }

  @Test
  void http2VersionInAStatusLineIsAProtocolError() {
    raw("/bad", "HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n");
    fetch("/bad").failed(ProtocolErrorException.class);
  }

  @Test
  void garbageStatusLineIsAProtocolError() {
    raw("/bad", "garbage\r\n\r\n");
    fetch("/bad").failed(ProtocolErrorException.class);
  }

  @Test
  void status600IsAProtocolError() {
    raw("/bad", "HTTP/1.1 600 Beyond\r\nContent-Length: 0\r\n\r\n");
    fetch("/bad").failed(ProtocolErrorException.class);
  }

  @Test
  void statusLineOfAnotherProtocolIsAProtocolError() {
    raw("/bad", "XTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    fetch("/bad").failed(ProtocolErrorException.class);
  }

  @Test
  void floodOfFiftyInformationalResponsesIsAProtocolError() {
    server.route("/flood", Behaviour.informationalFlood(50));
    fetch("/flood").failed(ProtocolErrorException.class);
  }

  @Test
  void fiveInformationalResponsesThenOkSucceeds() {
    server.route("/interim", Behaviour.informationalFlood(5));
    FetchResult r =
        h.fetch(new FetchRequest(server.url("/interim"), OPTIONS.withBody(BodyMode.TEXT))).ok();
    assertEquals(200, r.status());
    assertEquals("after 5 interim", r.bodyText());
  }

  @Test
  void bytesAfterACompleteResponseAreAProtocolErrorAndTheConnectionIsNotReused() {
    raw("/extra", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA");
    fetch("/extra").failed(ProtocolErrorException.class);

    FetchResult next = fetch("/next").ok();
    assertFalse(next.connectionReused());
    assertEquals(2, server.connectionsAccepted());
  }

  @Test
  void smuggledPartialResponseAfterACompleteOneIsAProtocolErrorAndNotReused() {
    // The tail is the start of a second response head: pooled, it would prefix the next response.
    raw("/smuggle", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Le");
    fetch("/smuggle").failed(ProtocolErrorException.class);

    FetchResult next = fetch("/next").ok();
    assertFalse(next.connectionReused());
    assertEquals(2, server.connectionsAccepted());
  }

  @Test
  void noContentResponseWithABodyIsAProtocolErrorAndNotReused() {
    raw("/204", "HTTP/1.1 204 No Content\r\n\r\nhello");
    fetch("/204").failed(ProtocolErrorException.class);

    FetchResult next = fetch("/next").ok();
    assertFalse(next.connectionReused());
    assertEquals(2, server.connectionsAccepted());
  }

  @Test
  void bytesArrivingOnAnIdlePooledConnectionCloseIt() throws Exception {
    byte[] ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
    byte[] late = "EXTRA".getBytes(StandardCharsets.US_ASCII);
    server.route(
        "/late",
        exchange ->
            exchange
                .write(ok)
                .addListener(
                    written -> {
                      exchange.complete();
                      exchange.schedule(Duration.ofMillis(50), () -> exchange.write(late));
                    }));
    fetch("/late").ok();

    // The server never closes this connection; only the client can, on seeing the stray bytes.
    assertTrue(server.awaitOpenConnectionsAtMost(0, WAIT), "the client closed the poisoned connection");
    assertEquals(0, (int) h.onLoop(h.fetcher::idleConnections));
    FetchResult next = fetch("/next").ok();
    assertFalse(next.connectionReused());
    assertEquals(2, server.connectionsAccepted());
  }

  @Test
  void headResponseWithContentLengthHasNoBodyAndKeepsTheConnection() {
    server.route("/head", Behaviour.ok("five!"));
    FetchResult head =
        h.fetch(new FetchRequest(server.url("/head"), OPTIONS.withMethod(FetchMethod.HEAD))).ok();
    assertEquals("5", head.header("Content-Length"));
    assertEquals(0, head.bytes());

    FetchResult next = fetch("/next").ok();
    assertTrue(next.connectionReused(), "a HEAD response leaves nothing behind on the connection");
    assertEquals(1, server.connectionsAccepted());
  }

  @Test
  void closeBeforeContentLengthIsAProtocolError() {
    server.route("/short", Behaviour.closeBeforeContentLength());
    ProtocolErrorException e = fetch("/short").failed(ProtocolErrorException.class);
    assertNotNull(e.details(), "the fetcher attaches what it had done");
  }

  @Test
  void resetDuringTheBodyIsAConnectionReset() {
    server.route("/reset", Behaviour.resetMidBody());
    ConnectionResetException e = fetch("/reset").failed(ConnectionResetException.class);
    assertEquals("ConnectionReset", e.type());
  }

  @Test
  void resetBeforeAnyResponseByteIsAConnectionReset() {
    server.route("/reset", Behaviour.resetBeforeResponse());
    fetch("/reset").failed(ConnectionResetException.class);
  }
}
