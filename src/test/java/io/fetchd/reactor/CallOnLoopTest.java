package io.fetchd.reactor;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.defer.Deferred;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Reactor#callOnLoop} and {@link Reactor#callOnLoopValue}: the bridge from another thread
 * to the loop and back. Each test waits for the loop once, at most 5 s.
 */
class CallOnLoopTest {
  private final Reactor reactor = new Reactor();

  @AfterEach
  void closeReactor() {
    reactor.close();
  }

  private static Throwable cause(CompletableFuture<?> f) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, SECONDS));
    return e.getCause();
  }

  @Test
  void callOnLoopRunsTheStepOnTheReactorThread() throws Exception {
    CompletableFuture<Boolean> onLoop = reactor.callOnLoop(() -> Deferred.succeed(reactor.inEventLoop()));
    assertTrue(onLoop.get(5, SECONDS));
  }

  @Test
  void callOnLoopCompletesOnTheReactorThreadWithTheDeferredsLaterResult() throws Exception {
    AtomicReference<Deferred<String>> pending = new AtomicReference<>();
    CompletableFuture<String> result = reactor.callOnLoop(() -> {
      pending.set(new Deferred<>());
      return pending.get();
    });
    assertFalse(result.isDone());
    // Queued after the step, so the Deferred exists when this runs. The future is complete the
    // moment the Deferred fires, still inside this loop task. (A dependent stage such as thenApply
    // would not prove the thread: CompletableFuture.get() may run dependents on the waiting thread.)
    CompletableFuture<Boolean> doneWhenFiredOnLoop = reactor.callOnLoopValue(() -> {
      pending.get().callback("fired");
      return result.isDone() && reactor.inEventLoop();
    });
    assertTrue(doneWhenFiredOnLoop.get(5, SECONDS));
    assertEquals("fired", result.get(5, SECONDS));
  }

  @Test
  void callOnLoopCompletesExceptionallyWithTheFailuresException() {
    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<String> result = reactor.callOnLoop(() -> Deferred.fail(boom));
    assertSame(boom, cause(result));
  }

  @Test
  void callOnLoopCompletesExceptionallyWhenTheStepThrows() {
    IllegalArgumentException thrown = new IllegalArgumentException("bad step");
    CompletableFuture<String> result = reactor.callOnLoop(() -> {
      throw thrown;
    });
    assertSame(thrown, cause(result));
  }

  @Test
  void callOnLoopCompletesExceptionallyWhenTheStepReturnsNull() {
    CompletableFuture<String> result = reactor.callOnLoop(() -> null);
    assertTrue(cause(result) instanceof NullPointerException);
  }

  @Test
  void callOnLoopValueCompletesWithWhatTheCallReturnsOnTheReactorThread() throws Exception {
    assertTrue(reactor.callOnLoopValue(reactor::inEventLoop).get(5, SECONDS));
  }

  @Test
  void callOnLoopValueCompletesExceptionallyWithWhatTheCallThrows() {
    Exception checked = new Exception("checked");
    CompletableFuture<String> result = reactor.callOnLoopValue(() -> {
      throw checked;
    });
    assertSame(checked, cause(result));
  }

  @Test
  void callOnLoopIsRefusedOnceTheReactorHasStopped() throws Exception {
    reactor.stop(Duration.ZERO, Duration.ofSeconds(1)).get(5, SECONDS);
    assertThrows(RejectedExecutionException.class, () -> reactor.callOnLoop(() -> Deferred.succeed("late")));
    assertThrows(RejectedExecutionException.class, () -> reactor.callOnLoopValue(() -> "late"));
  }
}
