package io.fetchd.defer;

import static io.fetchd.defer.DeferredAssertions.failureResultOf;
import static io.fetchd.defer.DeferredAssertions.peekFailure;
import static io.fetchd.defer.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Deferred#cancel()}: Twisted's {@code DeferredCancellerTests}, plus our stricter rules. */
class DeferredCancelTest {

  @Test
  void cancelWithoutCancellerErrbacksWithCancelledException() {
    Deferred<String> d = new Deferred<>();
    List<String> callbacks = new ArrayList<>();
    d.addCallback(callbacks::add);

    d.cancel();

    failureResultOf(d, CancelledException.class);
    assertEquals(List.of(), callbacks);
  }

  @Test
  void cancelCallsTheCancellerWithTheDeferredBeingCancelled() {
    List<Deferred<String>> given = new ArrayList<>();
    Deferred<String> d = new Deferred<>(given::add);

    d.cancel();

    assertEquals(1, given.size());
    assertSame(d, given.get(0));
  }

  @Test
  void cancellerThatDoesNotFireLeavesACancelledExceptionFailure() {
    Deferred<String> d = new Deferred<>(x -> {});

    d.cancel();

    failureResultOf(d, CancelledException.class);
  }

  @Test
  void cancellerThatErrbacksKeepsItsOwnError() {
    IOException error = new IOException("connection aborted");
    Deferred<String> d = new Deferred<>(x -> x.errback(error));

    d.cancel();

    assertSame(error, failureResultOf(d, IOException.class).value());
  }

  @Test
  void cancellerThatCallbacksGivesASuccess() {
    Deferred<String> d = new Deferred<>(x -> x.callback("partial result"));

    d.cancel();

    assertEquals("partial result", successResultOf(d));
  }

  @Test
  void cancellerThatThrowsMakesItsExceptionTheFailureAndCancelDoesNotThrow() {
    IllegalStateException error = new IllegalStateException("canceller broke");
    Deferred<String> d =
        new Deferred<>(
            x -> {
              throw error;
            });

    assertDoesNotThrow(d::cancel);

    assertSame(error, failureResultOf(d, IllegalStateException.class).value());
  }

  @Test
  void cancellerThatFiresThenThrowsKeepsItsFiringAndCancelDoesNotThrow() {
    Deferred<String> d =
        new Deferred<>(
            x -> {
              x.callback("fired first");
              throw new IllegalStateException("then broke");
            });

    assertDoesNotThrow(d::cancel);

    assertEquals("fired first", successResultOf(d));
  }

  @Test
  void cancelAfterCallbackDoesNotCallTheCancellerOrChangeTheResult() {
    int[] cancellerCalls = {0};
    Deferred<String> d =
        new Deferred<>(
            x -> {
              cancellerCalls[0]++;
              x.errback(new IOException("should not happen"));
            });
    d.callback("biff");

    d.cancel();

    assertEquals(0, cancellerCalls[0]);
    assertEquals("biff", successResultOf(d));
  }

  @Test
  void cancelAfterErrbackKeepsTheOriginalFailure() {
    Deferred<String> d = new Deferred<>(x -> x.errback(new IllegalStateException("no")));
    IOException error = new IOException("original");
    d.errback(error);

    d.cancel();

    assertSame(error, failureResultOf(d, IOException.class).value());
  }

  @Test
  void repeatedCancelCallsTheCancellerOnlyOnce() {
    int[] cancellerCalls = {0};
    Deferred<String> d = new Deferred<>(x -> cancellerCalls[0]++);

    d.cancel();
    d.cancel();

    assertEquals(1, cancellerCalls[0]);
    failureResultOf(d, CancelledException.class);
  }

  @Test
  void repeatedCancelWithoutCancellerKeepsTheFirstFailure() {
    Deferred<String> d = new Deferred<>();
    List<Failure> failures = new ArrayList<>();
    d.addErrback(
        f -> {
          failures.add(f);
          return f.raise();
        });
    d.cancel();

    d.cancel();

    assertEquals(1, failures.size());
    assertSame(failures.get(0), failureResultOf(d, CancelledException.class));
  }

  @Test
  void lateCallbackAfterCancelWithoutCancellerIsSilentlyIgnoredOnce() {
    Deferred<String> d = new Deferred<>();
    d.cancel();

    assertDoesNotThrow(() -> d.callback("arrived after cancel"));

    failureResultOf(d, CancelledException.class);
  }

  @Test
  void lateErrbackAfterCancelWithoutCancellerIsSilentlyIgnoredOnce() {
    Deferred<String> d = new Deferred<>();
    d.cancel();

    assertDoesNotThrow(() -> d.errback(new IOException("arrived after cancel")));

    failureResultOf(d, CancelledException.class);
  }

  @Test
  void secondLateCallbackAfterCancelWithoutCancellerThrowsAlreadyCalled() {
    Deferred<String> d = new Deferred<>();
    d.cancel();
    d.callback("ignored");

    assertThrows(AlreadyCalledException.class, () -> d.callback("again"));
  }

  @Test
  void lateCallbackAfterCancelWithACancellerThrowsAlreadyCalled() {
    Deferred<String> d = new Deferred<>(x -> {});
    d.cancel();

    assertThrows(AlreadyCalledException.class, () -> d.callback("late"));
  }

  @Test
  void cancelAfterTheIgnoredLateCallbackDoesNothing() {
    Deferred<String> d = new Deferred<>();
    d.cancel();
    Failure first = peekFailure(d, CancelledException.class);
    d.callback("ignored");

    d.cancel();

    assertSame(first, failureResultOf(d, CancelledException.class));
  }

  @Test
  void cancelOfADeferredWaitingOnAChainedInnerCancelsTheInner() {
    int[] innerCancellerCalls = {0};
    Deferred<String> inner = new Deferred<>(x -> innerCancellerCalls[0]++);
    Deferred<String> outer =
        new Deferred<>(
            x -> {
              throw new AssertionError("the outer has fired; its canceller must not run");
            });
    outer.callback("start");
    outer.addCallbackDeferred(v -> inner);

    outer.cancel();

    assertEquals(1, innerCancellerCalls[0]);
    failureResultOf(outer, CancelledException.class);
  }

  @Test
  void cancelledInnerFailurePassesOnToTheWaitingOuter() {
    Deferred<String> inner = new Deferred<>();
    Deferred<String> outer = Deferred.succeed("start");
    outer.addCallbackDeferred(v -> inner);

    outer.cancel();

    failureResultOf(outer, CancelledException.class);
  }

  @Test
  void cancelOfAPausedFiredDeferredDoesNothing() {
    Deferred<String> d = Deferred.succeed("kept");
    d.pause();

    d.cancel();
    d.unpause();

    assertEquals("kept", successResultOf(d));
  }
}
