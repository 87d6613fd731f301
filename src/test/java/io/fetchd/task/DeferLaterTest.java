package io.fetchd.task;

import static io.fetchd.task.DeferredAssertions.assertNoResult;
import static io.fetchd.task.DeferredAssertions.failureResultOf;
import static io.fetchd.task.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.defer.CancelledException;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.Failure;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeferLaterTest {
  private final FakeClock clock = new FakeClock();
  private int calls;

  @Test
  void firesWithTheFunctionsResultOnceTheDelayIsUp() {
    Deferred<String> d =
        DeferLater.deferLater(clock, Duration.ofSeconds(2), () -> {
          calls++;
          return "done";
        });
    clock.advance(Duration.ofMillis(1999));
    assertNoResult(d);
    assertEquals(0, calls);
    clock.advance(Duration.ofMillis(1));
    assertEquals("done", successResultOf(d));
    assertEquals(1, calls);
  }

  @Test
  void functionsExceptionBecomesTheFailure() {
    IOException boom = new IOException("boom");
    Deferred<String> d =
        DeferLater.deferLater(clock, Duration.ofSeconds(1), () -> {
          throw boom;
        });
    clock.advance(Duration.ofSeconds(1));
    Failure f = failureResultOf(d, IOException.class);
    assertEquals(boom, f.value());
  }

  @Test
  void cancellingBeforeTheDelayCancelsTheTimerAndFailsWithCancelled() {
    Deferred<String> d =
        DeferLater.deferLater(clock, Duration.ofSeconds(1), () -> {
          calls++;
          return "never";
        });
    assertEquals(1, clock.getDelayedCalls().size());
    d.cancel();
    assertTrue(clock.getDelayedCalls().isEmpty());
    failureResultOf(d, CancelledException.class);
    clock.advance(Duration.ofSeconds(5));
    assertEquals(0, calls);
  }

  @Test
  void cancellingAfterItFiredChangesNothing() {
    Deferred<String> d = DeferLater.deferLater(clock, Duration.ZERO, () -> "x");
    clock.advance(Duration.ZERO);
    d.cancel();
    assertEquals("x", successResultOf(d));
  }

  @Test
  void withoutAFunctionItFiresWithNull() {
    Deferred<Void> d = DeferLater.deferLater(clock, Duration.ofMillis(5));
    clock.advance(Duration.ofMillis(5));
    assertNull(successResultOf(d));
  }

  @Test
  void asyncFormWaitsForTheDeferredTheFunctionReturns() {
    Deferred<String> inner = new Deferred<>();
    Deferred<String> d = DeferLater.deferLaterAsync(clock, Duration.ofMillis(5), () -> inner);
    clock.advance(Duration.ofMillis(5));
    assertNoResult(d);
    inner.callback("inner");
    assertEquals("inner", successResultOf(d));
  }

  @Test
  void cancellingWhileWaitingOnTheReturnedDeferredCancelsIt() {
    Deferred<String> inner = new Deferred<>();
    Deferred<String> d = DeferLater.deferLaterAsync(clock, Duration.ofMillis(5), () -> inner);
    clock.advance(Duration.ofMillis(5));
    d.cancel();
    assertTrue(inner.isCalled());
    failureResultOf(d, CancelledException.class);
  }

  @Test
  void negativeDelayIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> DeferLater.deferLater(clock, Duration.ofMillis(-1), () -> "x"));
  }
}
