package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries of failed attempts: which failures are retried, how often, and after what delay. */
class RetryTest {
  private static final RetryPolicy TWO_RETRIES =
      RetryPolicy.NONE.withMaxRetries(2).withBaseDelay(Duration.ofMillis(10));

  /** One {@link FetchListener#retrying} report. */
  record Retry(String reason, Duration delay) {}

  private final Queue<Retry> retries = new ConcurrentLinkedQueue<>();
  private MockWebServer server;
  private FetcherHarness h;

  @BeforeEach
  void setUp() throws Exception {
    server = new MockWebServer();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    h =
        new FetcherHarness(
            c -> c,
            new FetchListener() {
              @Override
              public void retrying(String reason, Duration delay) {
                retries.add(new Retry(reason, delay));
              }
            });
  }

  @AfterEach
  void tearDown() {
    h.close();
    server.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  private static FetchRequest retrying(String url, RetryPolicy policy) {
    return new FetchRequest(url, RequestOptions.DEFAULTS.withRetry(policy));
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).build();
  }

  /** A loopback port with nothing listening: bound once, then closed. */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  @Test
  void serviceUnavailableIsRetriedUntilSuccess() {
    server.enqueue(status(503));
    server.enqueue(status(503));
    server.enqueue(new MockResponse.Builder().body("finally").build());
    FetchResult r = h.fetch(retrying(url("/flaky"), TWO_RETRIES)).ok();
    assertEquals(200, r.status());
    assertEquals(3, r.attempts());
    assertEquals(3, r.attemptLatencies().size());
    assertEquals(3, server.getRequestCount());
    assertEquals(1, r.hops().size(), "retries are attempts of one hop, not hops");
  }

  @Test
  void backoffDelaysStayWithinTheFullJitterCeilings() {
    server.enqueue(status(503));
    server.enqueue(status(503));
    server.enqueue(status(200));
    h.fetch(retrying(url("/flaky"), TWO_RETRIES)).ok();
    List<Retry> seen = List.copyOf(retries);
    assertEquals(2, seen.size());
    assertEquals("status 503", seen.get(0).reason());
    assertTrue(seen.get(0).delay().compareTo(Duration.ofMillis(10)) <= 0, seen.toString());
    assertTrue(seen.get(1).delay().compareTo(Duration.ofMillis(20)) <= 0, seen.toString());
  }

  @Test
  void exhaustedRetriesFailWithTheLastStatus() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(status(503));
    }
    server.enqueue(status(200)); // a fourth attempt would succeed: it must not be made
    HttpStatusException e =
        h.fetch(retrying(url("/down"), TWO_RETRIES)).failed(HttpStatusException.class);
    assertEquals(503, e.status());
    assertEquals(3, e.result().attempts());
    assertEquals(3, e.result().attemptLatencies().size());
    assertEquals(3, e.details().attempts());
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void notFoundIsNeverRetried() {
    server.enqueue(status(404));
    server.enqueue(status(200));
    HttpStatusException e =
        h.fetch(retrying(url("/missing"), TWO_RETRIES)).failed(HttpStatusException.class);
    assertEquals(404, e.status());
    assertEquals(1, e.result().attempts());
    assertEquals(1, server.getRequestCount());
    assertTrue(retries.isEmpty());
  }

  // Retry-After as a delay is tested exactly on the fake clock:
  // client.internal.StageMatrixTest.aRetriedStatusWaitsItsRetryAfterOnTheClockThenSucceeds.

  @Test
  void retryAfterBeyondTheCapEndsTheRetries() {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "30").build());
    server.enqueue(status(200));
    HttpStatusException e =
        h.fetch(retrying(url("/much-later"), TWO_RETRIES)).failed(HttpStatusException.class);
    assertEquals(503, e.status());
    assertEquals(1, e.result().attempts());
    assertEquals(1, server.getRequestCount());
    assertTrue(retries.isEmpty(), "the default cap is 10 s");
  }

  @Test
  void retryThatWouldOutliveTheDeadlineIsNotMade() {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "5").build());
    server.enqueue(status(200));
    FetchRequest r =
        new FetchRequest(
            url("/slow"),
            RequestOptions.DEFAULTS
                .withRetry(TWO_RETRIES)
                .withTimeouts(Timeouts.DEFAULTS.withDeadline(Duration.ofSeconds(2))));
    HttpStatusException e = h.fetch(r).failed(HttpStatusException.class);
    assertEquals(503, e.status());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void refusedConnectionFailsWithConnectRefused() throws IOException {
    ConnectRefusedException e =
        h.fetch("http://127.0.0.1:" + closedPort() + "/").failed(ConnectRefusedException.class);
    assertEquals("ConnectRefused", e.type());
    assertEquals(1, e.details().attempts());
  }

  @Test
  void refusedConnectionIsRetriedThenFailsWithEveryAttemptCounted() throws IOException {
    ConnectRefusedException e =
        h.fetch(retrying("http://127.0.0.1:" + closedPort() + "/", TWO_RETRIES))
            .failed(ConnectRefusedException.class);
    assertEquals(3, e.details().attempts());
    assertEquals(3, e.details().attemptLatencies().size());
    assertEquals(2, retries.size());
    assertTrue(retries.stream().allMatch(x -> x.reason().equals("ConnectRefused")), retries.toString());
  }
}
