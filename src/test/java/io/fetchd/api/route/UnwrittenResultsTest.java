package io.fetchd.api.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.api.http.ApiException;
import io.fetchd.batch.Batch;
import io.fetchd.batch.BatchEngine;
import io.fetchd.batch.BatchLimits;
import io.fetchd.batch.BatchListener;
import io.fetchd.batch.BatchRejectedException;
import io.fetchd.batch.OutcomeFootprint;
import io.fetchd.batch.UrlOutcome;
import io.fetchd.client.FetchResult;
import io.fetchd.client.Header;
import io.fetchd.client.RequestOptions;
import io.fetchd.client.Timings;
import io.fetchd.defer.Deferred;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.memory.MemoryKind;
import io.fetchd.reactor.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The budget rules of {@link UnwrittenResults} on a fake clock: a whole batch is reserved at
 * admission, a large outcome tops it up and pauses the batch when the budget cannot take it, the
 * batch resumes once there is room, and everything goes back.
 */
class UnwrittenResultsTest {
  private final FakeClock clock = new FakeClock();
  private final List<Deferred<FetchResult>> fetches = new ArrayList<>();
  private final List<UrlOutcome> arrived = new ArrayList<>();

  private Batch start(BatchEngine engine, List<String> urls) throws Exception {
    return engine.start(urls, RequestOptions.DEFAULTS, new BatchListener() {
      @Override
      public void onOutcome(Batch b, UrlOutcome o) {
        arrived.add(o);
      }

      @Override
      public void onFinished(Batch b) {}
    });
  }

  private BatchEngine engine(int window) {
    return new BatchEngine(req -> {
      Deferred<FetchResult> d = new Deferred<>();
      fetches.add(d);
      return d;
    }, clock, BatchLimits.DEFAULTS.withMaxInFlightPerBatch(window));
  }

  private static FetchResult withHeaders(String url, int headerChars) {
    List<Header> headers = List.of(new Header("X-Big", "v".repeat(headerChars)));
    return new FetchResult(url, url, 200, headers, null, 0, null, null, 1, List.of(), false, List.of(), null,
        new Timings(null, null, null, null, null, null, Duration.ZERO));
  }

  @Test
  void theWholeBatchIsReservedAtAdmissionAndRefusedWhenItCannotFit() throws Exception {
    List<String> urls = IntStream.range(0, 10).mapToObj(i -> "http://127.0.0.1/u" + i).toList();
    long whole = urls.stream().mapToLong(OutcomeFootprint::pending).sum();
    MemoryBudget budget = new MemoryBudget(whole + whole / 2);
    UnwrittenResults first = UnwrittenResults.admit(budget, clock, urls);
    assertEquals(whole, budget.used(MemoryKind.UNWRITTEN_RESULTS));
    BatchRejectedException now = assertThrows(BatchRejectedException.class, () -> UnwrittenResults.admit(budget, clock, urls));
    assertEquals("memory", now.reason());
    List<String> twice = new ArrayList<>(urls);
    twice.addAll(urls);
    twice.addAll(urls);
    ApiException never = assertThrows(ApiException.class, () -> UnwrittenResults.admit(budget, clock, twice));
    assertEquals(413, never.type().status().code());
    first.written(3);
    assertEquals(whole - OutcomeFootprint.pending(urls.get(3)), budget.used(MemoryKind.UNWRITTEN_RESULTS));
    first.written(3); // twice is once
    first.releaseAll();
    first.releaseAll();
    assertEquals(0, budget.used());
    assertEquals(2, budget.refusals(MemoryKind.UNWRITTEN_RESULTS));
  }

  @Test
  void anOutcomeTheBudgetCannotTakePausesTheBatchUntilThereIsRoom() throws Exception {
    List<String> urls = IntStream.range(0, 8).mapToObj(i -> "http://127.0.0.1/u" + i).toList();
    MemoryBudget budget = new MemoryBudget(64 * 1024);
    UnwrittenResults held = UnwrittenResults.admit(budget, clock, urls);
    Batch batch = start(engine(2), urls);
    assertEquals(2, fetches.size());

    fetches.get(0).callback(withHeaders(urls.get(0), 40_000)); // ~80 KB as a string: over the budget
    held.arrived(batch, arrived.get(0));
    assertTrue(batch.isPaused());
    assertTrue(budget.used(MemoryKind.UNWRITTEN_RESULTS) > budget.limit(), "the outcome exists: it is counted");
    clock.advance(Duration.ZERO);
    fetches.get(1).callback(withHeaders(urls.get(1), 10));
    held.arrived(batch, arrived.get(1));
    clock.advance(Duration.ZERO);
    assertEquals(2, fetches.size(), "no fetch starts while paused");

    clock.advance(UnwrittenResults.RECHECK);
    assertTrue(batch.isPaused(), "still no room");
    assertEquals(2, fetches.size());

    held.written(0); // the big one reached its client
    clock.advance(UnwrittenResults.RECHECK);
    assertFalse(batch.isPaused());
    assertEquals(4, fetches.size(), "the window refilled");

    held.releaseAll();
    assertEquals(0, budget.used());
  }
}
