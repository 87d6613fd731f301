package io.fetchd.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.client.RequestOptions;
import io.fetchd.reactor.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchTest {
  private final FakeClock clock = new FakeClock();
  private final RecordingFetch fetch = new RecordingFetch();
  private final List<String> events = new ArrayList<>();
  private final BatchListener recorder =
      new BatchListener() {
        @Override
        public void onOutcome(Batch batch, UrlOutcome o) {
          events.add(o.index() + ":" + (o.ok() ? "ok" : o.error().type()));
        }

        @Override
        public void onFinished(Batch batch) {
          events.add("finished:" + batch.state().apiName());
        }
      };

  private BatchEngine engine(BatchLimits limits) {
    return new BatchEngine(fetch, clock, limits);
  }

  @Test
  void outcomesArriveInCompletionOrderAndBadUrlFailsAlone() throws Exception {
    Batch b =
        engine(BatchLimits.DEFAULTS)
            .start(List.of("u0", "u1", "a_bad_url", "u3"), RequestOptions.DEFAULTS, recorder);
    assertEquals(List.of("2:InvalidUrl"), events);
    fetch.succeed("u3");
    fetch.succeed("u0");
    fetch.succeed("u1");
    assertEquals(List.of("2:InvalidUrl", "3:ok", "0:ok", "1:ok", "finished:done"), events);
    assertEquals(3, b.succeeded());
    assertEquals(1, b.failed());
    assertEquals(BatchState.DONE, b.state());
    assertEquals("u0", b.outcome(0).url());
    assertEquals(3, b.outcomeInCompletionOrder(1).index());
  }

  @Test
  void aReleasedOutcomeIsForgottenWhileTheCountsStay() throws Exception {
    Batch b = engine(BatchLimits.DEFAULTS).start(List.of("u0", "u1"), RequestOptions.DEFAULTS, recorder);
    fetch.succeed("u1");
    assertEquals("u1", b.outcome(1).url());

    b.release(1);

    assertNull(b.outcome(1));
    assertNull(b.outcomeInCompletionOrder(0));
    assertEquals(1, b.completed());
    assertEquals(1, b.succeeded());
    assertEquals(BatchState.RUNNING, b.state());
    b.cancel(); // u1 finished before: it is not recorded again, as Cancelled or anything else
    assertEquals(List.of("1:ok", "0:Cancelled", "finished:cancelled"), events);
    assertEquals(2, b.completed());
    assertEquals(1, b.succeeded());
    b.release(0);
    assertNull(b.outcome(0));
  }

  @Test
  void aPausedBatchLaunchesNothingNewButItsFetchesInFlightEndAndResumeGoesOn() throws Exception {
    List<String> urls = IntStream.range(0, 6).mapToObj(i -> "u" + i).toList();
    Batch b = engine(BatchLimits.DEFAULTS.withMaxInFlightPerBatch(2)).start(urls, RequestOptions.DEFAULTS, recorder);
    assertEquals(List.of("u0", "u1"), fetch.asked);
    b.pause();
    assertTrue(b.isPaused());
    fetch.succeed("u0");
    fetch.succeed("u1");
    clock.advance(Duration.ZERO);
    assertEquals(List.of("u0", "u1"), fetch.asked, "nothing launched while paused");
    assertEquals(List.of("0:ok", "1:ok"), events);
    b.resume();
    assertEquals(List.of("u0", "u1", "u2", "u3"), fetch.asked);
    b.pause();
    b.cancel();
    assertEquals(BatchState.CANCELLED, b.state());
    assertEquals(6, b.completed(), "cancelling a paused batch still ends every URL");
  }

  @Test
  void windowBoundsFetchesInFlightAndLaunchesMoreAsOthersFinish() throws Exception {
    List<String> urls = IntStream.range(0, 10).mapToObj(i -> "u" + i).toList();
    Batch b = engine(BatchLimits.DEFAULTS.withMaxInFlightPerBatch(3)).start(urls, RequestOptions.DEFAULTS, recorder);
    assertEquals(3, fetch.asked.size());
    fetch.succeed("u1");
    assertEquals(3, fetch.asked.size(), "the freed slot is refilled at the end of the loop's turn");
    clock.advance(Duration.ZERO);
    assertEquals(4, fetch.asked.size());
    for (int i = 0; i < 10 && !fetch.pending.isEmpty(); i++) {
      fetch.succeed(fetch.pending.keySet().iterator().next());
      clock.advance(Duration.ZERO);
    }
    assertEquals(BatchState.DONE, b.state());
    assertEquals(3, fetch.maxConcurrent);
  }

  @Test
  void outcomesOfOneTurnAreReplacedTogetherAndNothingStartsAfterTheEnd() throws Exception {
    List<String> urls = IntStream.range(0, 6).mapToObj(i -> "u" + i).toList();
    Batch b = engine(BatchLimits.DEFAULTS.withMaxInFlightPerBatch(3)).start(urls, RequestOptions.DEFAULTS, recorder);
    fetch.succeed("u0");
    fetch.succeed("u2");
    assertEquals(1, clock.getDelayedCalls().size(), "one refill for the turn, however many outcomes");
    clock.advance(Duration.ZERO);
    assertEquals(List.of("u0", "u1", "u2", "u3", "u4"), fetch.asked);
    b.cancel();
    clock.advance(Duration.ZERO);
    assertEquals(BatchState.CANCELLED, b.state());
    assertEquals(List.of(), clock.getDelayedCalls(), "no refill is left behind once the batch is over");
    assertEquals(5, fetch.asked.size(), "u5 never started");
  }

  @Test
  void manyUrlsThatFailAtOnceDoNotRecurse() throws Exception {
    List<String> urls = IntStream.range(0, 50_000).mapToObj(i -> "a_bad_url").toList();
    Batch b = engine(BatchLimits.DEFAULTS.withMaxUrlsPerBatch(50_000).withMaxInFlightPerBatch(4))
        .start(urls, RequestOptions.DEFAULTS, BatchListener.NONE);
    assertEquals(BatchState.DONE, b.state());
    assertEquals(50_000, b.failed());
  }

  @Test
  void cancelEndsPendingAndUnstartedUrlsAsCancelledAndKeepsFinishedOnes() throws Exception {
    List<String> urls = List.of("u0", "u1", "u2", "u3");
    Batch b = engine(BatchLimits.DEFAULTS.withMaxInFlightPerBatch(2)).start(urls, RequestOptions.DEFAULTS, recorder);
    fetch.succeed("u0");
    clock.advance(Duration.ZERO);
    b.cancel();
    assertEquals(BatchState.CANCELLED, b.state());
    assertEquals("ok", b.outcome(0).ok() ? "ok" : "bad");
    assertEquals("Cancelled", b.outcome(1).error().type());
    assertEquals("Cancelled", b.outcome(2).error().type());
    assertEquals("Cancelled", b.outcome(3).error().type());
    assertEquals(List.of("u0", "u1", "u2"), fetch.asked, "u3 never started");
    assertTrue(fetch.pending.isEmpty());
    assertEquals("finished:cancelled", events.get(events.size() - 1));
  }

  @Test
  void emptyBatchFinishesAtOnce() throws Exception {
    Batch b = engine(BatchLimits.DEFAULTS).start(List.of(), RequestOptions.DEFAULTS, recorder);
    assertEquals(BatchState.DONE, b.state());
    assertEquals(List.of("finished:done"), events);
  }

  @Test
  void batchOverTheUrlLimitIsTooLarge() {
    BatchEngine e = engine(BatchLimits.DEFAULTS.withMaxUrlsPerBatch(2));
    BatchTooLargeException x =
        assertThrows(BatchTooLargeException.class, () -> e.start(List.of("a", "b", "c"), RequestOptions.DEFAULTS, recorder));
    assertEquals(2, x.limit());
    assertTrue(fetch.asked.isEmpty());
  }

  @Test
  void tooManyRunningBatchesIsRejectedWithRetryHint() throws Exception {
    BatchEngine e = engine(BatchLimits.DEFAULTS.withMaxConcurrentBatches(1));
    e.start(List.of("held"), RequestOptions.DEFAULTS, recorder);
    BatchRejectedException x =
        assertThrows(BatchRejectedException.class, () -> e.start(List.of("b"), RequestOptions.DEFAULTS, recorder));
    assertEquals("too_many_batches", x.reason());
    assertTrue(x.retryAfter().compareTo(Duration.ZERO) > 0);
    fetch.succeed("held");
    e.start(List.of("b"), RequestOptions.DEFAULTS, recorder);
  }

  @Test
  void queuedUrlLimitCountsUrlsWithoutOutcomeAcrossBatches() throws Exception {
    BatchEngine e = engine(BatchLimits.DEFAULTS.withMaxQueuedUrls(3));
    e.start(List.of("a", "b"), RequestOptions.DEFAULTS, recorder);
    BatchRejectedException x =
        assertThrows(BatchRejectedException.class, () -> e.start(List.of("c", "d"), RequestOptions.DEFAULTS, recorder));
    assertEquals("too_many_urls", x.reason());
    fetch.succeed("a");
    assertEquals(1, e.queuedUrls());
    e.start(List.of("c", "d"), RequestOptions.DEFAULTS, recorder);
  }

  @Test
  void drainRefusesNewBatchesAndFiresWhenRunningOnesFinish() throws Exception {
    BatchEngine e = engine(BatchLimits.DEFAULTS);
    e.start(List.of("slow"), RequestOptions.DEFAULTS, recorder);
    boolean[] drained = {false};
    e.drain().addCallback(v -> drained[0] = true);
    assertThrows(BatchRejectedException.class, () -> e.start(List.of("new"), RequestOptions.DEFAULTS, recorder));
    assertFalse(drained[0]);
    fetch.succeed("slow");
    assertTrue(drained[0]);
  }

  @Test
  void cancelAllCancelsEveryRunningBatch() throws Exception {
    BatchEngine e = engine(BatchLimits.DEFAULTS);
    Batch a = e.start(List.of("a"), RequestOptions.DEFAULTS, recorder);
    Batch b = e.start(List.of("b"), RequestOptions.DEFAULTS, recorder);
    e.cancelAll();
    assertEquals(BatchState.CANCELLED, a.state());
    assertEquals(BatchState.CANCELLED, b.state());
    assertEquals(0, e.runningBatches());
    assertNull(fetch.pending.get("a"));
  }
}
