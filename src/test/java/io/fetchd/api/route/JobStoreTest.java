package io.fetchd.api.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.api.http.ApiException;
import io.fetchd.api.http.ErrorType;
import io.fetchd.api.json.EncodedOutcomes;
import io.fetchd.api.json.JsonWriter;
import io.fetchd.api.json.ResultJson;
import io.fetchd.batch.BatchEngine;
import io.fetchd.batch.BatchLimits;
import io.fetchd.batch.BatchRejectedException;
import io.fetchd.batch.BatchState;
import io.fetchd.batch.Fetch;
import io.fetchd.batch.UrlOutcome;
import io.fetchd.client.BodyMode;
import io.fetchd.client.FetchCancelledException;
import io.fetchd.client.FetchResult;
import io.fetchd.client.Hop;
import io.fetchd.client.InvalidUrlException;
import io.fetchd.client.RequestOptions;
import io.fetchd.client.Timings;
import io.fetchd.defer.Deferred;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.memory.MemoryKind;
import io.fetchd.reactor.FakeClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The job store on a fake clock and a fake fetch: results stored as ResultJson's bytes, eviction
 * oldest first by budget, count and time, 410 for a job that went and 404 for one never seen, and
 * the budget back to exactly 0 once every job has gone.
 */
class JobStoreTest {
  private final FakeClock clock = new FakeClock();
  /** URLs starting "bad" fail at once with InvalidUrl (as the real fetcher does); others wait. */
  private final Map<String, Deferred<FetchResult>> pending = new HashMap<>();
  private final Fetch fetch =
      request -> {
        if (request.url().startsWith("bad")) {
          return Deferred.fail(new InvalidUrlException("not an absolute http(s) URL: " + request.url()));
        }
        Deferred<FetchResult> d = new Deferred<>(c -> c.errback(new FetchCancelledException("cancelled")));
        pending.put(request.url(), d);
        return d;
      };

  private JobStore store(MemoryBudget budget, BatchLimits limits, BatchEngine[] engineOut) {
    BatchEngine engine = new BatchEngine(fetch, clock, limits, BatchEngine.BatchEvents.NONE, budget);
    engineOut[0] = engine;
    return new JobStore(budget, clock, limits);
  }

  private static List<String> bad(int n, String prefix) {
    return IntStream.range(0, n).mapToObj(i -> "bad " + prefix + i).toList();
  }

  private static BatchSpec spec(List<String> urls) {
    return new BatchSpec(urls, RequestOptions.DEFAULTS);
  }

  /** Lets the batches refill their windows until nothing more happens now. */
  private void settle() {
    for (int i = 0; i < 1000 && !clock.getDelayedCalls().stream().allMatch(c -> c.time() > clock.nanoTime()); i++) {
      clock.advance(Duration.ZERO);
    }
  }

  private static String render(UrlOutcome o, BodyMode mode) {
    try (JsonWriter w = new JsonWriter(UnpooledByteBufAllocator.DEFAULT)) {
      ResultJson.write(w, o, mode);
      ByteBuf b = w.take();
      try {
        return b.toString(StandardCharsets.UTF_8);
      } finally {
        b.release();
      }
    }
  }

  private static FetchResult success(String url, byte[] body) {
    Timings t = new Timings(null, Duration.ofNanos(1_500_000), Duration.ofNanos(250_000), null,
        Duration.ofMillis(2), Duration.ofNanos(1), Duration.ofNanos(4_321_000));
    return new FetchResult(url, url, 200, List.of(), "text/plain", body.length,
        "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", body, 1, List.of(), false,
        List.of(new Hop(url, 200, t, false)), null, t);
  }

  @Test
  void storedBytesAreExactlyWhatResultJsonWritesForTheSameOutcome() {
    JobStore s = new JobStore(MemoryBudget.unlimited(), clock, BatchLimits.DEFAULTS);
    UrlOutcome ok = new UrlOutcome(3, "http://127.0.0.1:1/small", success("http://127.0.0.1:1/small", "héllo\n".getBytes(StandardCharsets.UTF_8)), null);
    UrlOutcome failed = new UrlOutcome(7, "not a url", null, new InvalidUrlException("not an absolute http(s) URL"));
    for (BodyMode mode : BodyMode.values()) {
      assertEquals(render(ok, mode), new String(s.encode(ok, mode), StandardCharsets.UTF_8), mode.name());
    }
    assertEquals(render(failed, BodyMode.NONE), new String(s.encode(failed, BodyMode.NONE), StandardCharsets.UTF_8));
  }

  @Test
  void aPageCopiesTheStoredBytesOut() {
    EncodedOutcomes o = new EncodedOutcomes(3);
    byte[][] values = {"{\"a\":1}".getBytes(), "{\"b\":\"x\"}".getBytes(), new byte[EncodedOutcomes.PAGE_BYTES + 5]};
    java.util.Arrays.fill(values[2], (byte) '1');
    for (byte[] v : values) {
      o.append(v, o.pageNeeded(v.length));
    }
    try (JsonWriter w = new JsonWriter(UnpooledByteBufAllocator.DEFAULT)) {
      w.startArray();
      o.writeTo(w, 0);
      o.writeTo(w, 1);
      w.endArray();
      assertEquals("[{\"a\":1},{\"b\":\"x\"}]", new String(w.takeBytes(), StandardCharsets.UTF_8));
    }
    assertArrayEquals(values[2], o.bytes(2), "a result larger than a page gets a page of its own");
  }

  @Test
  void perResultSizesAsMeasured() {
    JobStore s = new JobStore(MemoryBudget.unlimited(), clock, BatchLimits.DEFAULTS);
    UrlOutcome invalid = new UrlOutcome(9_999, "not-a-url-9999", null,
        new InvalidUrlException("not an absolute http(s) URL: not-a-url-9999"));
    UrlOutcome small = new UrlOutcome(9_999, "http://127.0.0.1:8081/small",
        success("http://127.0.0.1:8081/small", new byte[1024]), null);
    int invalidBytes = s.encode(invalid, BodyMode.NONE).length;
    int smallBytes = s.encode(small, BodyMode.NONE).length;
    System.out.println("stored bytes per result: invalid URL " + invalidBytes + ", /small success " + smallBytes);
    assertTrue(invalidBytes + EncodedOutcomes.INDEX_BYTES_PER_RESULT < JobStore.EXPECTED_RESULT_BYTES + 14, "" + invalidBytes);
    assertTrue(smallBytes < 500, "" + smallBytes);
  }

  @Test
  void finishedJobsAreEvictedOldestFirstWhenTheBudgetIsShortAndAre410() throws Exception {
    BatchEngine[] e = new BatchEngine[1];
    MemoryBudget budget = new MemoryBudget(30_000);
    JobStore s = store(budget, BatchLimits.DEFAULTS, e);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Job j = s.start(e[0], spec(bad(40, "j" + i + "-")));
      settle();
      assertEquals(BatchState.DONE, j.state());
      ids.add(j.id());
    }
    assertEquals(3, s.finishedCount());
    // A fourth job whose results need room: the oldest finished ones go first, the newest stays.
    Job fourth = s.start(e[0], spec(bad(60, "long-name-to-take-room-")));
    settle();
    ApiException gone = assertThrows(ApiException.class, () -> s.find(ids.get(0)));
    assertEquals(ErrorType.Gone, gone.type());
    assertTrue(gone.getMessage().contains("memory budget"), gone.getMessage());
    assertSame(fourth, s.find(fourth.id()));
    assertSame(ids.get(2), s.find(ids.get(2)).id(), "the newest finished job is kept while it fits");
    assertTrue(budget.used() <= budget.limit(), budget.toString());
    assertEquals(budget.used(), budget.used(MemoryKind.JOB_OUTCOMES));
  }

  @Test
  void anIdNeverSeenIs404AndAnExpiredOneIs410SayingWhyAndWhen() throws Exception {
    BatchEngine[] e = new BatchEngine[1];
    JobStore s = store(MemoryBudget.unlimited(), BatchLimits.DEFAULTS.withJobRetention(Duration.ofMinutes(1)), e);
    Job j = s.start(e[0], spec(List.of("http://x/1")));
    clock.advance(Duration.ofMinutes(5));
    assertSame(j, s.find(j.id()), "a running job never expires");
    pending.get("http://x/1").callback(success("http://x/1", new byte[0]));
    clock.advance(Duration.ofSeconds(59));
    assertSame(j, s.find(j.id()));
    clock.advance(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(2));
    ApiException gone = assertThrows(ApiException.class, () -> s.find(j.id()));
    assertEquals(ErrorType.Gone, gone.type());
    assertTrue(gone.getMessage().contains("jobRetention") && gone.getMessage().contains("2.0s ago"), gone.getMessage());
    assertEquals(ErrorType.NotFound, assertThrows(ApiException.class, () -> s.find("feedface")).type());
  }

  @Test
  void onlyTheNewestFinishedJobsAreKeptByCount() throws Exception {
    BatchEngine[] e = new BatchEngine[1];
    JobStore s = store(MemoryBudget.unlimited(), BatchLimits.DEFAULTS.withMaxRetainedJobs(2), e);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(s.start(e[0], spec(bad(1, "c" + i))).id());
      settle();
    }
    ApiException gone = assertThrows(ApiException.class, () -> s.find(ids.get(0)));
    assertTrue(gone.getMessage().contains("maxRetainedJobs"), gone.getMessage());
    s.find(ids.get(1));
    s.find(ids.get(2));
  }

  @Test
  void theBudgetIsBackToExactlyZeroOnceEveryJobHasExpired() throws Exception {
    BatchEngine[] e = new BatchEngine[1];
    MemoryBudget budget = new MemoryBudget(10_000_000);
    JobStore s = store(budget, BatchLimits.DEFAULTS.withJobRetention(Duration.ofSeconds(30)), e);
    Job withBodies = s.start(e[0], new BatchSpec(List.of("http://x/a", "http://x/b", "bad one"),
        RequestOptions.DEFAULTS.withBody(BodyMode.BYTES)));
    for (int i = 0; i < 20; i++) {
      s.start(e[0], spec(bad(50 + i, "z" + i)));
    }
    pending.get("http://x/a").callback(success("http://x/a", new byte[70_000]));
    Job deleted = s.start(e[0], spec(bad(3, "d")));
    settle();
    s.delete(deleted);
    pending.get("http://x/b").callback(success("http://x/b", new byte[10]));
    settle();
    assertEquals(BatchState.DONE, withBodies.state());
    assertTrue(budget.used(MemoryKind.JOB_OUTCOMES) > 70_000, budget.toString());
    clock.advance(Duration.ofSeconds(31));
    assertEquals(0, s.size());
    assertEquals(0, budget.used(MemoryKind.JOB_OUTCOMES));
    assertEquals(0, budget.used());
    assertEquals(0, s.promised());
  }

  @Test
  void aJobTheBudgetCannotTakeNowIsRefusedWithARetryHint() throws Exception {
    BatchEngine[] e = new BatchEngine[1];
    MemoryBudget budget = new MemoryBudget(30_000);
    JobStore s = store(budget, BatchLimits.DEFAULTS, e);
    List<String> held = IntStream.range(0, 60).mapToObj(i -> "http://x/h" + i).toList();
    s.start(e[0], spec(held)); // running: its expected results are promised
    BatchRejectedException r = assertThrows(BatchRejectedException.class,
        () -> s.start(e[0], spec(IntStream.range(0, 80).mapToObj(i -> "http://x/k" + i).toList())));
    assertEquals("memory", r.reason());
    assertTrue(r.retryAfter().toSeconds() > 0);
    assertTrue(budget.refusals(MemoryKind.JOB_OUTCOMES) > 0);
    ApiException never = assertThrows(ApiException.class, () -> s.start(e[0], spec(bad(200, "too-many-"))));
    assertEquals(ErrorType.TooManyUrls, never.type());
  }

  @Test
  void aBodyThatCannotBeStoredFailsOnlyThatUrlAsMemoryBudgetExceeded() throws Exception {
    BatchEngine[] e = new BatchEngine[1];
    MemoryBudget budget = new MemoryBudget(20_000);
    JobStore s = store(budget, BatchLimits.DEFAULTS, e);
    Job j = s.start(e[0], new BatchSpec(List.of("http://x/big", "http://x/small", "http://x/wait"),
        RequestOptions.DEFAULTS.withBody(BodyMode.BYTES)));
    pending.get("http://x/big").callback(success("http://x/big", new byte[30_000]));
    pending.get("http://x/small").callback(success("http://x/small", new byte[30]));
    assertEquals(2, j.completed());
    assertEquals(1, j.succeeded());
    String big = new String(j.outcomes().bytes(0), StandardCharsets.UTF_8);
    assertTrue(big.contains("\"type\":\"MemoryBudgetExceeded\"") && !big.contains("\"body\""), big);
    assertTrue(new String(j.outcomes().bytes(1), StandardCharsets.UTF_8).contains("\"body\":\"AAAA"));
    assertTrue(budget.used() <= budget.limit(), budget.toString());
  }

  @Test
  void aRunningJobsResultIsStoredEvenPastTheLimitAsTheLastResort() throws Exception {
    BatchEngine[] e = new BatchEngine[1];
    MemoryBudget budget = new MemoryBudget(20_000);
    JobStore s = store(budget, BatchLimits.DEFAULTS, e);
    Job j = s.start(e[0], spec(List.of("http://x/a", "http://x/wait")));
    assertTrue(budget.tryReserve(MemoryKind.REQUEST_BODIES, budget.available()), "another kind fills the budget");
    pending.get("http://x/a").callback(success("http://x/a", new byte[0]));
    assertEquals(1, j.completed());
    assertTrue(new String(j.outcomes().bytes(0), StandardCharsets.UTF_8).contains("\"ok\":true"));
    assertTrue(budget.used() > budget.limit(), "counted honestly, past the limit");
    assertTrue(j.running(), "still running: nothing of it may be evicted");
    assertThrows(BatchRejectedException.class, () -> s.start(e[0], spec(List.of("http://x/next"))));
  }
}
