package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.client.FetcherHarness.Outcome;
import io.fetchd.defer.Deferred;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cancelling a fetch's Deferred aborts it at once and gives back what it held. */
class CancelTest {
  private MockWebServer server;
  private FetcherHarness h;

  /** A started fetch: its Deferred, to cancel, and its outcome, to await. */
  record Started(Deferred<FetchResult> deferred, CompletableFuture<Outcome> outcome) {}

  @BeforeEach
  void setUp() throws Exception {
    server = new MockWebServer();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
    server.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  /**
   * Starts a fetch from the current (reactor) task. Its own timeouts are far longer than the
   * harness wait, so whatever ends it within that wait is the cancel, not a timer.
   */
  private Started startOnLoop(String url) {
    CompletableFuture<Outcome> out = new CompletableFuture<>();
    Duration longer = FetcherHarness.WAIT.multipliedBy(3);
    Timeouts patient =
        Timeouts.DEFAULTS.withFirstByte(longer).withIdleRead(longer).withDeadline(longer);
    Deferred<FetchResult> d =
        h.fetcher.fetch(new FetchRequest(url, RequestOptions.DEFAULTS.withTimeouts(patient)));
    FetcherHarness.handle(d, out);
    return new Started(d, out);
  }

  private Started start(String url) {
    return h.onLoop(() -> startOnLoop(url));
  }

  private void cancel(Started s) {
    h.onLoop(
        () -> {
          s.deferred().cancel();
          return null;
        });
  }

  /**
   * Starts a fetch whose response headers the server holds back for longer than the harness
   * waits, and waits until its request has reached the server.
   */
  private Started startInFlight() throws InterruptedException {
    server.enqueue(
        new MockResponse.Builder()
            .headersDelay(FetcherHarness.WAIT.toSeconds() * 3, TimeUnit.SECONDS)
            .body("late")
            .build());
    Started s = start(url("/slow"));
    assertNotNull(
        server.takeRequest(FetcherHarness.WAIT.toSeconds(), TimeUnit.SECONDS),
        "the request reached the server");
    return s;
  }

  @Test
  void cancellingAFetchInFlightFailsItWithCancelled() throws Exception {
    h = new FetcherHarness();
    Started s = startInFlight();
    cancel(s);
    FetchCancelledException e = FetcherHarness.await(s.outcome()).failed(FetchCancelledException.class);
    assertEquals("Cancelled", e.type());
    assertNotNull(e.details(), "a cancelled fetch still reports what it had done");
    assertEquals(1, e.details().attempts());
  }

  @Test
  void inFlightCountsAFetchUntilItsDeferredFires() throws Exception {
    h = new FetcherHarness();
    assertEquals(0, h.fetcher.inFlight());
    Started s = startInFlight();
    assertEquals(1, h.fetcher.inFlight(), "read from the test thread, as a metrics scrape would");
    cancel(s);
    FetcherHarness.await(s.outcome()).failed(FetchCancelledException.class);
    assertEquals(0, h.fetcher.inFlight());
    server.enqueue(new MockResponse.Builder().body("quick").build());
    h.fetch(url("/quick")).ok();
    assertEquals(0, h.fetcher.inFlight(), "a finished fetch is not in flight");
  }

  @Test
  void cancellingAFetchInFlightClosesItsConnection() throws Exception {
    // An idle timeout past the wait below: only a close caused by the cancel can pass.
    h = new FetcherHarness(c -> c.withIdleTimeout(FetcherHarness.WAIT.multipliedBy(3)));
    Started s = startInFlight();
    assertEquals(1, (int) h.onLoop(h.fetcher::openConnections));
    cancel(s);
    h.awaitOnLoop("every connection closed", () -> h.fetcher.openConnections() == 0);
    assertEquals(0, (int) h.onLoop(h.fetcher::idleConnections), "never returned to the pool");
  }

  @Test
  void cancellingWhileConnectingSendsNoRequest() {
    h = new FetcherHarness();
    Started s =
        h.onLoop(
            () -> {
              Started started = startOnLoop(url("/never"));
              started.deferred().cancel();
              return started;
            });
    FetcherHarness.await(s.outcome()).failed(FetchCancelledException.class);
    h.awaitOnLoop("every connection closed", () -> h.fetcher.openConnections() == 0);
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void cancellingAQueuedFetchGivesBackItsPlaceInTheQueue() {
    h = new FetcherHarness(c -> c.withMaxConnectionsPerHost(1).withMaxQueuedPerOrigin(1));
    server.enqueue(new MockResponse.Builder().body("first").build());
    server.enqueue(new MockResponse.Builder().body("third").build());
    List<Started> all =
        h.onLoop(
            () -> {
              Started holder = startOnLoop(url("/holder"));
              Started waiter = startOnLoop(url("/waiter"));
              waiter.deferred().cancel();
              // The one queue place is free again: this fetch waits instead of failing QueueFull.
              Started next = startOnLoop(url("/next"));
              assertFalse(next.outcome().isDone(), "the next fetch was queued");
              return List.of(holder, waiter, next);
            });
    FetcherHarness.await(all.get(1).outcome()).failed(FetchCancelledException.class);
    FetcherHarness.await(all.get(0).outcome()).ok();
    FetchResult next = FetcherHarness.await(all.get(2).outcome()).ok();
    assertTrue(next.connectionReused(), "the holder's slot and connection passed to it");
    assertEquals(2, server.getRequestCount(), "the cancelled waiter never reached the server");
  }

  @Test
  void cancellingAFinishedFetchChangesNothing() {
    h = new FetcherHarness();
    server.enqueue(new MockResponse.Builder().body("done").build());
    Started s = start(url("/done"));
    FetcherHarness.await(s.outcome()).ok();
    cancel(s);
    assertEquals(1, (int) h.onLoop(h.fetcher::idleConnections), "the connection stays pooled");
  }
}
