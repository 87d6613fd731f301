package io.fetchd.defer;

import static io.fetchd.defer.DeferredAssertions.assertNoResult;
import static io.fetchd.defer.DeferredAssertions.failureResultOf;
import static io.fetchd.defer.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Firing, the callback/errback chain and pause/unpause: the core of Twisted's
 * {@code DeferredTests}, written against our API.
 */
class DeferredTest {

  // ------------------------------------------------------------ firing once

  @Test
  void callbackPassesItsResultToTheFirstCallback() {
    Deferred<String> d = new Deferred<>();
    List<String> seen = new ArrayList<>();
    d.addCallback(seen::add);

    d.callback("hello");

    assertEquals(List.of("hello"), seen);
  }

  @Test
  void eachCallbackReceivesWhatThePreviousOneReturned() {
    Deferred<Integer> d = new Deferred<>();
    Deferred<String> end = d.addCallback(x -> x + 1).addCallback(x -> x * 10).addCallback(x -> "n=" + x);

    d.callback(1);

    assertEquals("n=20", successResultOf(end));
  }

  @Test
  void secondCallbackThrowsAlreadyCalled() {
    Deferred<String> d = new Deferred<>();
    d.callback("first");

    assertThrows(AlreadyCalledException.class, () -> d.callback("second"));
  }

  @Test
  void errbackAfterCallbackThrowsAlreadyCalled() {
    Deferred<String> d = new Deferred<>();
    d.callback("first");

    assertThrows(AlreadyCalledException.class, () -> d.errback(new IOException("late")));
  }

  @Test
  void callbackAfterErrbackThrowsAlreadyCalled() {
    Deferred<String> d = new Deferred<>();
    d.errback(new IOException("first"));

    assertThrows(AlreadyCalledException.class, () -> d.callback("late"));
    d.addErrback(f -> "handled");
  }

  @Test
  void secondErrbackThrowsAlreadyCalled() {
    Deferred<String> d = new Deferred<>();
    d.errback(new IOException("first"));

    assertThrows(AlreadyCalledException.class, () -> d.errback(new IOException("second")));
    d.addErrback(f -> "handled");
  }

  @Test
  void rejectedSecondFiringLeavesTheFirstResultInPlace() {
    Deferred<String> d = new Deferred<>();
    d.callback("first");
    assertThrows(AlreadyCalledException.class, () -> d.callback("second"));

    assertEquals("first", successResultOf(d));
  }

  @Test
  void callbackWithADeferredIsRejectedAndLeavesTheDeferredUnfired() {
    Deferred<Object> d = new Deferred<>();

    assertThrows(IllegalArgumentException.class, () -> d.callback(new Deferred<String>()));
    assertFalse(d.isCalled());
    assertNoResult(d);
  }

  @Test
  void isCalledTurnsTrueWhenFired() {
    Deferred<String> d = new Deferred<>();
    assertFalse(d.isCalled());

    d.callback("x");

    assertTrue(d.isCalled());
  }

  // ------------------------------------------------------------ the two tracks

  @Test
  void successRunsTheCallbackOfAPairAndNotTheErrback() {
    Deferred<String> d = new Deferred<>();
    List<String> calls = new ArrayList<>();
    d.addCallbacks(
        v -> {
          calls.add("callback:" + v);
          return v;
        },
        f -> {
          calls.add("errback");
          return null;
        });

    d.callback("ok");

    assertEquals(List.of("callback:ok"), calls);
  }

  @Test
  void failureRunsTheErrbackOfAPairAndNotTheCallback() {
    Deferred<String> d = new Deferred<>();
    IOException error = new IOException("boom");
    List<Object> calls = new ArrayList<>();
    d.addCallbacks(
        v -> {
          calls.add("callback");
          return v;
        },
        f -> {
          calls.add(f.value());
          return "recovered";
        });

    d.errback(error);

    assertEquals(List.of(error), calls);
  }

  @Test
  void failurePassesBySuccessCallbacksUntouched() {
    Deferred<String> d = new Deferred<>();
    List<String> calls = new ArrayList<>();
    Deferred<String> end =
        d.addCallback(
            v -> {
              calls.add("one");
              return v;
            })
            .addCallback(
                v -> {
                  calls.add("two");
                  return v;
                });
    IOException error = new IOException("boom");

    d.errback(error);

    assertEquals(List.of(), calls);
    assertSame(error, failureResultOf(end, IOException.class).value());
  }

  @Test
  void successPassesByErrbacksUntouched() {
    Deferred<String> d = new Deferred<>();
    List<Failure> errbacks = new ArrayList<>();
    d.addErrback(
        f -> {
          errbacks.add(f);
          return "from errback";
        });

    d.callback("value");

    assertEquals(List.of(), errbacks);
    assertEquals("value", successResultOf(d));
  }

  @Test
  void exceptionInCallbackMovesTheChainToTheErrbackTrack() {
    Deferred<Integer> d = new Deferred<>();
    int zero = 0;
    List<Failure> errors = new ArrayList<>();
    d.addCallback(x -> x / zero)
        .addErrback(
            f -> {
              errors.add(f);
              return 0;
            });

    d.callback(1);

    assertEquals(1, errors.size());
    assertEquals(ArithmeticException.class, errors.get(0).type());
  }

  @Test
  void checkedExceptionThrownByCallbackBecomesTheFailureValue() {
    Deferred<String> d = new Deferred<>();
    IOException error = new IOException("disk");
    Deferred<Object> end =
        d.addCallback(
            v -> {
              throw error;
            });

    d.callback("x");

    assertSame(error, failureResultOf(end, IOException.class).value());
  }

  @Test
  void callbackReturningAFailureMovesTheChainToTheErrbackTrack() {
    Deferred<String> d = new Deferred<>();
    Failure failure = new Failure(new IllegalStateException("returned, not thrown"));
    Deferred<Object> end = d.addCallback(v -> failure);

    d.callback("x");

    assertSame(failure, failureResultOf(end, IllegalStateException.class));
  }

  @Test
  void errbackReturningValueSwitchesBackToSuccess() {
    Deferred<String> d = new Deferred<>();
    List<String> after = new ArrayList<>();
    d.addErrback(f -> "recovered").addCallback(after::add);

    d.errback(new IOException("boom"));

    assertEquals(List.of("recovered"), after);
  }

  @Test
  void errbackReturningNullSwitchesBackToSuccessWithNull() {
    Deferred<String> d = new Deferred<>();
    d.addErrback(f -> null);

    d.errback(new IOException("boom"));

    assertNull(successResultOf(d));
  }

  @Test
  void exceptionThrownInsideAnErrbackBecomesTheNextFailure() {
    Deferred<String> d = new Deferred<>();
    IllegalStateException second = new IllegalStateException("while handling");
    d.addErrback(
        f -> {
          throw second;
        });

    d.errback(new IOException("first"));

    assertSame(second, failureResultOf(d, IllegalStateException.class).value());
  }

  @Test
  void errbackRethrowingItsFailureKeepsTheSameFailureObject() {
    Deferred<String> d = new Deferred<>();
    Failure original = new Failure(new IOException("boom"));
    d.addErrback(Failure::raise);

    d.errback(original);

    assertSame(original, failureResultOf(d, IOException.class));
  }

  @Test
  void errbackGivenAFailureReceivesThatSameObject() {
    Deferred<String> d = new Deferred<>();
    Failure original = new Failure(new IOException("boom"));
    List<Failure> seen = new ArrayList<>();
    d.addErrback(
        f -> {
          seen.add(f);
          return "handled";
        });

    d.errback(original);

    assertSame(original, seen.get(0));
  }

  @Test
  void addBothReceivesASuccessWithANullFailure() {
    Deferred<String> d = new Deferred<>();
    List<Object> seen = new ArrayList<>();
    d.addBoth(
        (String v, Failure f) -> {
          seen.add(v);
          seen.add(f);
          return v;
        });

    d.callback("v");

    assertEquals(java.util.Arrays.asList("v", null), seen);
  }

  @Test
  void addBothReceivesAFailureWithANullResult() {
    Deferred<String> d = new Deferred<>();
    Failure failure = new Failure(new IOException("boom"));
    List<Object> seen = new ArrayList<>();
    d.addBoth(
        (String v, Failure f) -> {
          seen.add(v);
          seen.add(f);
          return "handled";
        });

    d.errback(failure);

    assertEquals(java.util.Arrays.asList(null, failure), seen);
  }

  // ------------------------------------------------------------ adding callbacks late or re-entrantly

  @Test
  void callbackAddedAfterFiringRunsAtOnceWithTheCurrentResult() {
    Deferred<Integer> d = new Deferred<>();
    d.addCallback(x -> x * 2);
    d.callback(21);
    List<Integer> seen = new ArrayList<>();

    d.addCallback(seen::add);

    assertEquals(List.of(42), seen);
  }

  @Test
  void errbackAddedAfterAFailureRunsAtOnce() {
    Deferred<String> d = Deferred.fail(new IOException("fail"));
    List<String> messages = new ArrayList<>();

    d.addErrback(
        f -> {
          messages.add(f.getMessage());
          return null;
        });

    assertEquals(List.of("fail"), messages);
  }

  @Test
  void callbackAddedByARunningCallbackRunsAfterTheCallbacksAlreadyQueued() {
    Deferred<Object> d = new Deferred<>();
    List<Integer> order = new ArrayList<>();
    d.addCallback(
        v -> {
          order.add(1);
          d.addCallback(w -> order.add(3));
          return v;
        });
    d.addCallback(v -> order.add(2));

    d.callback(null);

    assertEquals(List.of(1, 2, 3), order);
  }

  @Test
  void callbackAddedByARunningCallbackDoesNotRunBeforeThatCallbackReturns() {
    Deferred<Object> d = new Deferred<>();
    List<Integer> order = new ArrayList<>();
    List<List<Integer>> snapshotInside = new ArrayList<>();
    d.addCallback(
        v -> {
          order.add(1);
          d.addCallback(w -> order.add(2));
          snapshotInside.add(List.copyOf(order));
          return v;
        });

    d.callback(null);

    assertEquals(List.of(List.of(1)), snapshotInside);
    assertEquals(List.of(1, 2), order);
  }

  @Test
  void exceptionFromACallbackAddedByACallbackGoesToTheErrbackTrack() {
    Deferred<Object> d = new Deferred<>();
    d.addCallback(
        v -> {
          d.addCallback(
              w -> {
                throw new IllegalStateException("added late");
              });
          return v;
        });

    d.callback(null);

    assertEquals("added late", failureResultOf(d, IllegalStateException.class).getMessage());
  }

  // ------------------------------------------------------------ succeed, fail, maybeDeferred

  @Test
  void succeedGivesADeferredThatAlreadyHasTheValue() {
    Deferred<String> d = Deferred.succeed("done");

    assertTrue(d.isCalled());
    assertEquals("done", successResultOf(d));
  }

  @Test
  void failGivesADeferredThatAlreadyHasAFailureOfTheException() {
    IOException error = new IOException("nope");

    Deferred<String> d = Deferred.fail(error);

    assertSame(error, failureResultOf(d, IOException.class).value());
  }

  @Test
  void failWithAFailureKeepsThatFailureObject() {
    Failure failure = new Failure(new IOException("nope"));

    Deferred<String> d = Deferred.fail(failure);

    assertSame(failure, failureResultOf(d));
  }

  @Test
  void maybeDeferredWrapsAReturnedValueInAFiredDeferred() {
    Deferred<Integer> d = Deferred.maybeDeferred(() -> 7);

    assertEquals(7, successResultOf(d));
  }

  @Test
  void maybeDeferredTurnsAThrownExceptionIntoAFailedDeferred() {
    IOException error = new IOException("thrown");

    Deferred<Integer> d =
        Deferred.maybeDeferred(
            () -> {
              throw error;
            });

    assertSame(error, failureResultOf(d, IOException.class).value());
  }

  @Test
  void maybeDeferredReturnsTheDeferredTheFunctionReturned() {
    Deferred<String> inner = new Deferred<>();

    Deferred<Object> d = Deferred.maybeDeferred(() -> inner);

    assertSame(inner, d);
  }

  @Test
  void maybeDeferredTurnsAReturnedFailureIntoAFailedDeferred() {
    Failure failure = new Failure(new IOException("returned"));

    Deferred<Object> d = Deferred.maybeDeferred(() -> failure);

    assertSame(failure, failureResultOf(d, IOException.class));
  }

  @Test
  void maybeDeferredAsyncTurnsAThrownExceptionIntoAFailedDeferred() {
    IOException error = new IOException("thrown");

    Deferred<String> d =
        Deferred.maybeDeferredAsync(
            () -> {
              throw error;
            });

    assertSame(error, failureResultOf(d, IOException.class).value());
  }

  // ------------------------------------------------------------ pause and unpause

  @Test
  void pausedDeferredHoldsItsCallbacksUntilUnpaused() {
    Deferred<String> d = Deferred.succeed("held");
    d.pause();
    List<String> seen = new ArrayList<>();
    d.addCallback(seen::add);
    assertEquals(List.of(), seen);

    d.unpause();

    assertEquals(List.of("held"), seen);
  }

  @Test
  void pausedFailureReachesTheErrbackOnUnpause() {
    Deferred<String> d = Deferred.fail(new IOException("fail"));
    d.pause();
    List<String> messages = new ArrayList<>();
    d.addErrback(
        f -> {
          messages.add(f.getMessage());
          return null;
        });
    assertEquals(List.of(), messages);

    d.unpause();

    assertEquals(List.of("fail"), messages);
  }

  @Test
  void unpauseRunsTheHeldCallbacksInTheOrderTheyWereAdded() {
    Deferred<Object> d = new Deferred<>();
    d.pause();
    List<Integer> order = new ArrayList<>();
    d.addCallback(v -> order.add(1));
    d.callback(null);
    d.addCallback(v -> order.add(2));
    d.addCallback(v -> order.add(3));
    assertEquals(List.of(), order);

    d.unpause();

    assertEquals(List.of(1, 2, 3), order);
  }

  @Test
  void unpauseBeforeFiringRunsNothingAndTheLaterFiringRunsTheChain() {
    Deferred<String> d = new Deferred<>();
    List<String> seen = new ArrayList<>();
    d.pause();
    d.addCallback(seen::add);

    d.unpause();
    assertEquals(List.of(), seen);
    d.callback("later");

    assertEquals(List.of("later"), seen);
  }

  @Test
  void unpauseWithoutPauseThrowsIllegalState() {
    Deferred<String> d = new Deferred<>();

    assertThrows(IllegalStateException.class, d::unpause);
  }

  @Test
  void nestedPausesNeedAsManyUnpausesBeforeTheChainRuns() {
    Deferred<String> d = Deferred.succeed("v");
    d.pause();
    d.pause();
    List<String> seen = new ArrayList<>();
    d.addCallback(seen::add);

    d.unpause();
    assertEquals(List.of(), seen);
    assertTrue(d.isPaused());
    d.unpause();

    assertEquals(List.of("v"), seen);
    assertFalse(d.isPaused());
  }
}
