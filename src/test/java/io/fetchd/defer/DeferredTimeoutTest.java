package io.fetchd.defer;

import static io.fetchd.defer.DeferredAssertions.assertNoResult;
import static io.fetchd.defer.DeferredAssertions.failureResultOf;
import static io.fetchd.defer.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fetchd.task.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Deferred#addTimeout} on a {@link FakeClock}: Twisted's
 * {@code DeferredAddTimeoutTests}, with no real time passing. A few checks of the fake scheduler
 * itself sit at the end, since every test here trusts it.
 */
class DeferredTimeoutTest {
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
  private static final Duration PAST_TIMEOUT = Duration.ofSeconds(15);

  private final FakeClock clock = new FakeClock();

  @Test
  void addTimeoutReturnsTheSameDeferredForChaining() {
    Deferred<String> d = new Deferred<>();

    assertSame(d, d.addTimeout(TEN_SECONDS, clock));
  }

  @Test
  void deferredHasNoResultBeforeTheTimeoutElapses() {
    Deferred<String> d = new Deferred<>();
    d.addTimeout(TEN_SECONDS, clock);

    clock.advance(TEN_SECONDS.minusNanos(1));

    assertNoResult(d);
  }

  @Test
  void timingOutErrbacksWithTimedOutExceptionNotCancelledException() {
    Deferred<String> d = new Deferred<>();
    d.addTimeout(TEN_SECONDS, clock);

    clock.advance(PAST_TIMEOUT);

    Failure failure = failureResultOf(d, TimedOutException.class);
    assertNull(failure.check(CancelledException.class));
  }

  @Test
  void timingOutHappensExactlyAtTheTimeout() {
    Deferred<String> d = new Deferred<>();
    d.addTimeout(TEN_SECONDS, clock);

    clock.advance(TEN_SECONDS);

    failureResultOf(d, TimedOutException.class);
  }

  @Test
  void timedOutExceptionCarriesTheTimeout() {
    Deferred<String> d = new Deferred<>();
    d.addTimeout(TEN_SECONDS, clock);

    clock.advance(PAST_TIMEOUT);

    TimedOutException e = failureResultOf(d).valueAs(TimedOutException.class);
    assertEquals(TEN_SECONDS, e.timeout());
  }

  @Test
  void successBeforeTheTimeoutCancelsTheTimer() {
    Deferred<String> d = new Deferred<>();
    d.addTimeout(TEN_SECONDS, clock);

    d.callback("fast");

    assertEquals(List.of(), clock.getDelayedCalls());
    assertEquals("fast", successResultOf(d));
  }

  @Test
  void failureBeforeTheTimeoutCancelsTheTimerAndKeepsTheFailure() {
    Deferred<String> d = new Deferred<>();
    d.addTimeout(TEN_SECONDS, clock);
    IOException error = new IOException("fast failure");

    d.errback(error);

    assertEquals(List.of(), clock.getDelayedCalls());
    assertSame(error, failureResultOf(d, IOException.class).value());
  }

  @Test
  void timerCancelledBySuccessNeverCancelsALaterInnerDeferred() {
    Deferred<String> d = new Deferred<>();
    d.addTimeout(TEN_SECONDS, clock);
    Deferred<String> inner = new Deferred<>();
    d.addCallbackDeferred(v -> inner);
    d.callback("results");

    clock.advance(PAST_TIMEOUT);

    assertNoResult(inner);
  }

  @Test
  void timerCancelledByFailureNeverCancelsALaterInnerDeferred() {
    Deferred<String> d = new Deferred<>();
    d.addTimeout(TEN_SECONDS, clock);
    Deferred<String> inner = new Deferred<>();
    d.addErrbackDeferred(f -> inner);
    d.errback(new IOException("fail"));

    clock.advance(PAST_TIMEOUT);

    assertNoResult(inner);
  }

  @Test
  void errorFromTheCancellerIsNotTranslatedOnTimeout() {
    IOException error = new IOException("what!");
    Deferred<String> d = new Deferred<>(x -> x.errback(error));
    d.addTimeout(TEN_SECONDS, clock);

    clock.advance(PAST_TIMEOUT);

    assertSame(error, failureResultOf(d, IOException.class).value());
  }

  @Test
  void successFromTheCancellerIsKeptOnTimeout() {
    Deferred<String> d = new Deferred<>(x -> x.callback("I was cancelled"));
    d.addTimeout(TEN_SECONDS, clock);

    clock.advance(PAST_TIMEOUT);

    assertEquals("I was cancelled", successResultOf(d));
  }

  @Test
  void customOnTimeoutCancelCanTurnTheTimeoutIntoAValue() {
    Deferred<String> d = new Deferred<>();
    d.addTimeout(TEN_SECONDS, clock, f -> "OVERRIDDEN");

    clock.advance(PAST_TIMEOUT);

    assertEquals("OVERRIDDEN", successResultOf(d));
  }

  @Test
  void customOnTimeoutCancelReceivesTheCancelledFailure() {
    Deferred<String> d = new Deferred<>();
    List<Failure> seen = new ArrayList<>();
    d.addTimeout(
        TEN_SECONDS,
        clock,
        f -> {
          seen.add(f);
          return "handled";
        });

    clock.advance(PAST_TIMEOUT);

    assertEquals(CancelledException.class, seen.get(0).type());
  }

  @Test
  void customOnTimeoutCancelReceivesTheCancellersOwnError() {
    Deferred<String> d = new Deferred<>(x -> x.errback(new IOException("what!")));
    d.addTimeout(TEN_SECONDS, clock, f -> f.check(IOException.class) != null ? "saw it" : "no");

    clock.advance(PAST_TIMEOUT);

    assertEquals("saw it", successResultOf(d));
  }

  @Test
  void customOnTimeoutCancelDoesNotRunWhenTheResultComesFirst() {
    Deferred<String> d = new Deferred<>();
    d.addTimeout(TEN_SECONDS, clock, f -> "OVERRIDDEN");

    d.callback("results");
    clock.advance(PAST_TIMEOUT);

    assertEquals("results", successResultOf(d));
  }

  @Test
  void manualCancelBeforeTheTimeoutKeepsCancelledExceptionAndStopsTheTimer() {
    Deferred<String> d = new Deferred<>();
    d.addTimeout(TEN_SECONDS, clock);

    d.cancel();

    failureResultOf(d, CancelledException.class);
    assertEquals(List.of(), clock.getDelayedCalls());
  }

  @Test
  void manualCancelBeforeTheTimeoutDoesNotRunTheCustomTranslation() {
    Deferred<String> d = new Deferred<>();
    d.addTimeout(TEN_SECONDS, clock, f -> "OVERRIDDEN");

    d.cancel();

    failureResultOf(d, CancelledException.class);
  }

  @Test
  void errbackAddedBeforeTheTimeoutSeesCancelledExceptionAndTheEndIsTimedOut() {
    Deferred<String> d = new Deferred<>();
    List<Failure> seen = new ArrayList<>();
    d.addErrback(
        f -> {
          seen.add(f);
          return f.raise();
        });
    d.addTimeout(TEN_SECONDS, clock);

    clock.advance(PAST_TIMEOUT);

    assertEquals(CancelledException.class, seen.get(0).type());
    failureResultOf(d, TimedOutException.class);
  }

  @Test
  void errbackAddedBeforeTheTimeoutCanSuppressTheCancellation() {
    Deferred<String> d = new Deferred<>();
    d.addErrback(
        f -> {
          f.trap(CancelledException.class);
          return "suppressed";
        });
    d.addTimeout(TEN_SECONDS, clock);

    clock.advance(PAST_TIMEOUT);

    assertEquals("suppressed", successResultOf(d));
  }

  @Test
  void callbackAddedBeforeTheTimeoutRunsWhenTheCancellerResumesTheChain() {
    Deferred<String> d = new Deferred<>(x -> x.callback("success"));
    List<String> seen = new ArrayList<>();
    d.addCallback(
        v -> {
          seen.add(v);
          return v;
        });
    d.addTimeout(TEN_SECONDS, clock);

    clock.advance(PAST_TIMEOUT);

    assertEquals(List.of("success"), seen);
    assertEquals("success", successResultOf(d));
  }

  @Test
  void timeoutWhileWaitingOnAnInnerDeferredCancelsTheInnerAndTimesOut() {
    Deferred<String> inner = new Deferred<>();
    Deferred<String> d = new Deferred<>();
    d.addCallbackDeferred(v -> inner);
    d.addTimeout(TEN_SECONDS, clock);
    d.callback("start");

    clock.advance(PAST_TIMEOUT);

    failureResultOf(d, TimedOutException.class);
  }

  // ------------------------------------------------------------ the fake scheduler

  @Test
  void fakeSchedulerRunsDueCallsInTimeOrder() {
    List<String> order = new ArrayList<>();
    clock.callLater(Duration.ofSeconds(3), () -> order.add("three"));
    clock.callLater(Duration.ofSeconds(1), () -> order.add("one"));
    clock.callLater(Duration.ofSeconds(2), () -> order.add("two"));
    clock.callLater(Duration.ofSeconds(9), () -> order.add("nine"));

    clock.advance(Duration.ofSeconds(5));

    assertEquals(List.of("one", "two", "three"), order);
    assertEquals(Duration.ofSeconds(5).toNanos(), clock.nanoTime());
  }

  @Test
  void fakeSchedulerCallIsInactiveOnceRunAndRefusesCancel() {
    DelayedCall call = clock.callLater(Duration.ofSeconds(1), () -> {});

    clock.advance(Duration.ofSeconds(1));

    assertFalse(call.isActive());
    assertThrows(IllegalStateException.class, call::cancel);
  }

  @Test
  void fakeSchedulerCancelledCallNeverRuns() {
    List<String> ran = new ArrayList<>();
    DelayedCall call = clock.callLater(Duration.ofSeconds(1), () -> ran.add("ran"));

    call.cancel();
    clock.advance(Duration.ofSeconds(2));

    assertEquals(List.of(), ran);
    assertThrows(IllegalStateException.class, call::cancel);
  }

  @Test
  void fakeSchedulerResetAndDelayMoveTheCall() {
    DelayedCall call = clock.callLater(Duration.ofSeconds(1), () -> {});
    clock.advance(Duration.ofMillis(500));

    call.reset(Duration.ofSeconds(2));
    call.delay(Duration.ofSeconds(1));

    assertEquals(Duration.ofMillis(3500).toNanos(), call.time());
    clock.advance(Duration.ofMillis(2999));
    assertEquals(List.of(call), clock.getDelayedCalls());
    clock.advance(Duration.ofMillis(1));
    assertFalse(call.isActive());
  }
}
