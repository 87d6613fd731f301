package io.fetchd.defer;

import static io.fetchd.defer.DeferredAssertions.failureResultOf;
import static io.fetchd.defer.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Twisted behaviours issue 18 found missing, each as Twisted's test_defer.py has it: a null
 * errback passes a Failure on, chainDeferred records the wait, the unhandled-error hook is public
 * and testable without the collector, and addTimeout's handler sees the result on either track.
 */
class TwistedSemanticsTest {
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
  private final ManualScheduler clock = new ManualScheduler();
  private UnhandledErrors.Tracker tracker;

  @AfterEach
  void closeTracker() {
    if (tracker != null) {
      tracker.close();
    }
  }

  // ------------------------------------------------------------ addCallbacks(cb, null)

  @Test
  void addCallbacksWithANullErrbackLetsAFailurePassBy() {
    Deferred<String> d = new Deferred<>();
    IOException boom = new IOException("boom");
    Deferred<Integer> next = d.addCallbacks(String::length, null);
    d.errback(boom);
    assertSame(boom, failureResultOf(next, IOException.class).value());
  }

  @Test
  void addCallbacksWithANullErrbackStillRunsTheCallback() {
    Deferred<String> d = new Deferred<>();
    Deferred<Integer> next = d.addCallbacks(String::length, null);
    d.callback("four");
    assertEquals(4, successResultOf(next));
  }

  @Test
  void addCallbacksStillRequiresACallback() {
    assertThrows(NullPointerException.class, () -> new Deferred<String>().addCallbacks(null, f -> "x"));
  }

  // ------------------------------------------------------------ chainDeferred

  @Test
  void chainDeferredMakesTheTargetRecordThatItWaitsOnTheSource() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    b.chainDeferred(a);
    String hex = Integer.toHexString(System.identityHashCode(b));
    assertTrue(a.toString().contains("waiting on Deferred@" + hex), a.toString());
  }

  @Test
  void chainDeferredTargetForgetsTheWaitOnceFired() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    b.chainDeferred(a);
    b.callback("done");
    assertFalse(a.toString().contains("waiting on"), a.toString());
    assertEquals("done", successResultOf(a));
  }

  @Test
  void chainDeferredTargetFiredDirectlyStillRunsItsChain() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    b.chainDeferred(a);
    a.callback("direct");
    assertEquals("direct", successResultOf(a));
    assertFalse(a.toString().contains("waiting on"));
  }

  // ------------------------------------------------------------ unhandled errors

  @Test
  void aChainEndingInAFailureHoldsAnUnhandledFailure() {
    Deferred<String> d = Deferred.fail(new IOException("left"));
    assertTrue(d.hasUnhandledFailure());
    d.addErrback(f -> "handled");
    assertFalse(d.hasUnhandledFailure());
  }

  @Test
  void aPendingDeferredHoldsNoUnhandledFailure() {
    assertFalse(new Deferred<String>().hasUnhandledFailure());
  }

  @Test
  void trackerListsTheFailuresUnhandledNowWithoutTheCollector() {
    tracker = UnhandledErrors.track();
    IOException left = new IOException("left");
    Deferred<String> kept = Deferred.fail(left);
    Deferred.<String>fail(new IllegalStateException("handled")).addErrback(f -> "ok");

    List<Failure> unhandled = tracker.unhandled();
    assertEquals(1, unhandled.size());
    assertSame(left, unhandled.get(0).value());
    AssertionError error = assertThrows(AssertionError.class, tracker::assertNone);
    assertTrue(error.getMessage().startsWith("1 unhandled error(s) in Deferred"), error.getMessage());
    assertTrue(kept.hasUnhandledFailure());
  }

  @Test
  void trackerFlushHandlesOnlyTheNamedTypes() {
    tracker = UnhandledErrors.track();
    Deferred<String> io = Deferred.fail(new IOException("expected"));
    Deferred<String> other = Deferred.fail(new IllegalStateException("unexpected"));

    List<Failure> flushed = tracker.flush(IOException.class);

    assertEquals(1, flushed.size());
    assertEquals(IOException.class, flushed.get(0).type());
    assertFalse(io.hasUnhandledFailure());
    assertTrue(other.hasUnhandledFailure());
    tracker.flush();
    tracker.assertNone();
  }

  @Test
  void onlyOneTrackerAtATime() {
    tracker = UnhandledErrors.track();
    assertThrows(IllegalStateException.class, UnhandledErrors::track);
    tracker.close();
    tracker = UnhandledErrors.track();
  }

  @Test
  void setReporterReturnsThePreviousOneAndNullRestoresLogging() {
    UnhandledErrors.Reporter mine = f -> {};
    UnhandledErrors.Reporter before = UnhandledErrors.setReporter(mine);
    try {
      assertSame(mine, UnhandledErrors.reporter());
      assertSame(mine, UnhandledErrors.setReporter(null));
      assertSame(UnhandledErrors.LOGGING, UnhandledErrors.reporter());
    } finally {
      UnhandledErrors.setReporter(before);
    }
  }

  // ------------------------------------------------------------ addTimeout's onTimeoutCancel

  @Test
  void onTimeoutCancelSeesAValueACancellerCalledBackWith() {
    Deferred<String> d = new Deferred<>(self -> self.callback("partial"));
    List<String> seen = new ArrayList<>();
    d.addTimeout(
        TEN_SECONDS,
        clock,
        (String value, Failure failure, Duration timeout) -> {
          seen.add(value + "/" + failure + "/" + timeout);
          return "decided " + value;
        });
    clock.advance(TEN_SECONDS);
    assertEquals(List.of("partial/null/PT10S"), seen);
    assertEquals("decided partial", successResultOf(d));
  }

  @Test
  void onTimeoutCancelDecidesAfterAnEarlierErrbackHandledTheCancel() {
    Deferred<String> d = new Deferred<>();
    d.addErrback(f -> {
      f.trap(CancelledException.class);
      return null;
    });
    d.addTimeout(TEN_SECONDS, clock, (String value, Failure failure, Duration t) -> "timed out: " + value);
    clock.advance(TEN_SECONDS);
    assertEquals("timed out: null", successResultOf(d));
  }

  @Test
  void onTimeoutCancelGetsTheCancelledFailure() {
    Deferred<String> d = new Deferred<>();
    d.addTimeout(
        TEN_SECONDS,
        clock,
        (String value, Failure failure, Duration t) -> {
          assertNull(value);
          return failure.type().getSimpleName();
        });
    clock.advance(TEN_SECONDS);
    assertEquals("CancelledException", successResultOf(d));
  }

  @Test
  void onTimeoutCancelIsNotCalledWhenTheDeferredFiresInTime() {
    Deferred<String> d = new Deferred<>();
    d.addTimeout(TEN_SECONDS, clock, (String value, Failure failure, Duration t) -> "called");
    d.callback("in time");
    clock.advance(TEN_SECONDS);
    assertEquals("in time", successResultOf(d));
  }

  // ------------------------------------------------------------ ergonomics

  @Test
  void addBothPassThroughKeepsTheTypeAndTheValue() {
    Deferred<String> d = new Deferred<>();
    List<String> seen = new ArrayList<>();
    Deferred<String> same = d.addBothPassThrough((v, f) -> seen.add("saw " + v + " " + f));
    Deferred<Integer> lengths = same.addCallback(String::length);
    d.callback("abc");
    assertEquals(List.of("saw abc null"), seen);
    assertEquals(3, successResultOf(lengths));
  }

  @Test
  void addBothPassThroughPassesTheSameFailureOn() {
    IOException boom = new IOException("boom");
    Deferred<String> d = Deferred.fail(boom);
    List<Failure> seen = new ArrayList<>();
    d.addBothPassThrough((v, f) -> seen.add(f));
    Failure after = failureResultOf(d, IOException.class);
    assertSame(seen.get(0), after);
  }

  @Test
  void addBothPassThroughObserverThatThrowsReplacesTheResult() {
    Deferred<String> d = Deferred.succeed("x");
    d.addBothPassThrough((v, f) -> {
      throw new IllegalStateException("observer");
    });
    failureResultOf(d, IllegalStateException.class);
  }

  @Test
  void deferredListBuilderNamesItsOptions() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    Deferred<List<Outcome<String>>> first = DeferredList.of(a, b).fireOnOneCallback().deferred();
    b.callback("b wins");
    List<Outcome<String>> outcomes = successResultOf(first);
    assertEquals(1, outcomes.size());
    assertEquals(1, outcomes.get(0).index());
    assertEquals("b wins", outcomes.get(0).value());
  }

  @Test
  void deferredListBuilderConsumesErrorsWhenAsked() {
    Deferred<String> a = new Deferred<>();
    DeferredList.of(List.of(a)).consumeErrors().deferred();
    a.errback(new IOException("seen by the list"));
    assertNull(successResultOf(a));
  }

  @Test
  void gatherResultsWithOneArgumentLeavesEntryFailuresToTheirOwners() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = Deferred.succeed("b");
    Deferred<List<String>> all = Deferreds.gatherResults(List.of(a, b));
    a.callback("a");
    assertEquals(List.of("a", "b"), successResultOf(all));

    Deferred<String> bad = new Deferred<>();
    Deferred<List<String>> failed = Deferreds.gatherResults(List.of(bad));
    bad.errback(new IOException("bad"));
    failureResultOf(failed, FirstErrorException.class);
    failureResultOf(bad, IOException.class);
  }

  // ------------------------------------------------------------ a callback returning a Deferred

  @Test
  void addCallbackDeferredTypesTheNextStepAsTheInnerResult() {
    Deferred<String> d = new Deferred<>();
    Deferred<String> inner = new Deferred<>();
    // Compiles only because the next step is typed Integer, the inner Deferred's result type.
    Deferred<Integer> length = d.addCallbackDeferred(s -> inner.addCallback(String::length));
    Deferred<Integer> doubled = length.addCallback(n -> n * 2);
    d.callback("ignored");
    DeferredAssertions.assertNoResult(doubled);
    inner.callback("four");
    assertEquals(8, successResultOf(doubled));
  }

  @Test
  void plainAddCallbackReturningADeferredStillChainsAtRunTimeAsInTwisted() {
    Deferred<String> d = new Deferred<>();
    Deferred<String> inner = new Deferred<>();
    List<Object> seen = new ArrayList<>();
    // Twisted's d.addCallback(lambda _: inner): Java types the step as the Deferred itself, but the
    // chain still waits for it and the next callback receives the inner result.
    Deferred<Object> next = d.<Object>addCallback(s -> inner).addCallback(r -> seen.add(r));
    d.callback("x");
    assertEquals(List.of(), seen);
    inner.callback("inner result");
    assertEquals(List.of("inner result"), seen);
    assertEquals(true, successResultOf(next));
  }

  @Test
  void errbackAndBothDeferredFormsWaitOnTheDeferredTheyReturn() {
    Deferred<String> d = new Deferred<>();
    Deferred<String> retry = new Deferred<>();
    Deferred<String> recovered = d.addErrbackDeferred(f -> retry);
    Deferred<Integer> both =
        recovered.addBothDeferred((v, f) -> Deferred.succeed(f == null ? v.length() : -1));
    d.errback(new IOException("first try"));
    DeferredAssertions.assertNoResult(both);
    retry.callback("second try");
    assertEquals(10, successResultOf(both));

    Deferred<String> e = Deferred.fail(new IOException("no"));
    Deferred<Integer> pair =
        e.addCallbacksDeferred(s -> Deferred.succeed(1), f -> Deferred.succeed(f.check(IOException.class) != null ? 2 : 3));
    assertEquals(2, successResultOf(pair));
  }
}
