package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.client.FetcherHarness.Outcome;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-origin connection limits and the bounded wait queue, against a server that holds replies. */
class PoolLimitsTest {
  private MockWebServer server;
  private GatedDispatcher gate;
  private FetcherHarness h;

  /**
   * Holds every request until the test releases a permit, recording arrivals and the most
   * requests held at once. Runs on MockWebServer's connection threads, so blocking is fine.
   */
  static final class GatedDispatcher extends Dispatcher {
    final Semaphore permits = new Semaphore(0);
    final BlockingQueue<String> arrivals = new LinkedBlockingQueue<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      arrivals.add(request.getTarget());
      try {
        if (!permits.tryAcquire(FetcherHarness.WAIT.toSeconds(), TimeUnit.SECONDS)) {
          return new MockResponse.Builder().code(500).body("test never released me").build();
        }
        return new MockResponse.Builder().body(request.getTarget()).build();
      } finally {
        inFlight.decrementAndGet();
      }
    }

    /** The next arrival; fails the test when none comes within the harness wait. */
    String nextArrival() throws InterruptedException {
      String path = arrivals.poll(FetcherHarness.WAIT.toSeconds(), TimeUnit.SECONDS);
      assertNotNull(path, "no request reached the server");
      return path;
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    gate = new GatedDispatcher();
    server = new MockWebServer();
    server.setDispatcher(gate);
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void tearDown() {
    gate.permits.release(1000); // unblocks any server thread still holding a request
    if (h != null) {
      h.close();
    }
    server.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  private void harness(Function<FetcherConfig, FetcherConfig> tweak) {
    h = new FetcherHarness(tweak);
  }

  /** Starts every request in one reactor task, so they all compete for the slots at once. */
  private List<CompletableFuture<Outcome>> startTogether(List<FetchRequest> requests) {
    return h.onLoop(() -> startOnLoop(requests));
  }

  private List<FetchRequest> gets(int n) {
    List<FetchRequest> rs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rs.add(FetchRequest.get(url("/" + i)));
    }
    return rs;
  }

  @Test
  void perHostLimitKeepsTheServerAtTwoConcurrentRequests() throws Exception {
    harness(c -> c.withMaxConnectionsPerHost(2));
    List<CompletableFuture<Outcome>> outs = startTogether(gets(10));
    // Release one reply per arrival beyond the first two: without the limit, all ten would be
    // held at the server together long before the last release.
    gate.nextArrival();
    for (int released = 0; released < 10; released++) {
      if (released < 9) {
        gate.nextArrival();
      }
      gate.permits.release();
    }
    for (CompletableFuture<Outcome> out : outs) {
      FetcherHarness.await(out).ok();
    }
    assertEquals(2, gate.maxInFlight.get(), "the server saw at most two requests at once");
    assertEquals(10, server.getRequestCount());
    assertEquals(2, (int) h.onLoop(h.fetcher::openConnections), "two connections, reused");
  }

  @Test
  void queuedFetchesReportTheirWaitForASlot() throws Exception {
    harness(c -> c.withMaxConnectionsPerHost(2));
    List<CompletableFuture<Outcome>> outs = startTogether(gets(10));
    gate.permits.release(10);
    List<FetchResult> results = new ArrayList<>();
    for (CompletableFuture<Outcome> out : outs) {
      results.add(FetcherHarness.await(out).ok());
    }
    List<FetchResult> fresh = results.stream().filter(r -> !r.connectionReused()).toList();
    List<FetchResult> queued = results.stream().filter(FetchResult::connectionReused).toList();
    assertEquals(2, fresh.size(), "the first two got a slot and opened the connections");
    // Every fetch started in the same loop task, before either first request was written, so a
    // queued one waited at least until one of the first two had its first response byte.
    Duration firstReply =
        fresh.stream().map(r -> r.timings().ttfb()).min(Duration::compareTo).orElseThrow();
    for (FetchResult r : results) {
      assertNotNull(r.timings().queue(), "the queue phase is always measured");
    }
    for (FetchResult r : queued) {
      assertTrue(
          r.timings().queue().compareTo(firstReply) >= 0,
          r.url() + " waited " + r.timings().queue() + ", less than the first reply " + firstReply);
    }
  }

  @Test
  void fetchBeyondAFullWaitQueueFailsAtOnceWithQueueFull() throws Exception {
    harness(c -> c.withMaxConnectionsPerHost(1).withMaxQueuedPerOrigin(1));
    List<CompletableFuture<Outcome>> outs = h.onLoop(() -> startOnLoop(gets(3)));
    // The fetches begin together at the end of that task's loop turn: the third finds the wait
    // queue full and fails then, while the first still holds the only slot (its response is
    // gated) and the second waits for it.
    QueueFullException e = FetcherHarness.await(outs.get(2)).failed(QueueFullException.class);
    assertEquals("QueueFull", e.type());
    assertFalse(outs.get(1).isDone(), "the second waits for the slot");
    assertFalse(outs.get(0).isDone(), "the first is still being answered");
    gate.permits.release(2);
    FetcherHarness.await(outs.get(0)).ok();
    FetcherHarness.await(outs.get(1)).ok();
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void waiterPastItsQueueTimeoutFailsWithQueueFullWhileTheSlotIsHeld() throws Exception {
    harness(c -> c.withMaxConnectionsPerHost(1));
    FetchRequest holder = FetchRequest.get(url("/holder"));
    FetchRequest waiter =
        new FetchRequest(
            url("/waiter"),
            RequestOptions.DEFAULTS.withTimeouts(
                Timeouts.DEFAULTS.withQueue(Duration.ofMillis(200))));
    List<CompletableFuture<Outcome>> outs = startTogether(List.of(holder, waiter));
    assertEquals("/holder", gate.nextArrival());
    QueueFullException e = FetcherHarness.await(outs.get(1)).failed(QueueFullException.class);
    assertTrue(e.getMessage().contains("200 ms"), e.getMessage());
    assertFalse(outs.get(0).isDone(), "the holder still has the slot");
    gate.permits.release();
    FetcherHarness.await(outs.get(0)).ok();
    assertEquals(1, server.getRequestCount(), "the waiter never reached the server");
  }

  @Test
  void slotGivenUpByATimedOutWaiterServesTheNextFetch() throws Exception {
    harness(c -> c.withMaxConnectionsPerHost(1));
    FetchRequest waiter =
        new FetchRequest(
            url("/waiter"),
            RequestOptions.DEFAULTS.withTimeouts(
                Timeouts.DEFAULTS.withQueue(Duration.ofMillis(100))));
    List<CompletableFuture<Outcome>> outs =
        startTogether(List.of(FetchRequest.get(url("/holder")), waiter));
    gate.nextArrival();
    FetcherHarness.await(outs.get(1)).failed(QueueFullException.class);
    gate.permits.release(2);
    FetcherHarness.await(outs.get(0)).ok();
    FetchResult next = h.fetch(url("/next")).ok();
    assertTrue(next.connectionReused(), "the one connection is free again");
  }

  /** Starts the requests from the current (reactor) task. */
  private List<CompletableFuture<Outcome>> startOnLoop(List<FetchRequest> requests) {
    List<CompletableFuture<Outcome>> outs = new ArrayList<>();
    for (FetchRequest r : requests) {
      CompletableFuture<Outcome> out = new CompletableFuture<>();
      FetcherHarness.handle(h.fetcher.fetch(r), out);
      outs.add(out);
    }
    return outs;
  }
}
