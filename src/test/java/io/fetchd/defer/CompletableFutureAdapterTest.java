package io.fetchd.defer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Deferreds.toCompletableFuture: the bridge to code outside the reactor. */
class CompletableFutureAdapterTest {

  @Test
  void futureStaysPendingUntilTheDeferredFires() {
    Deferred<String> d = new Deferred<>();

    CompletableFuture<String> future = Deferreds.toCompletableFuture(d);

    assertFalse(future.isDone());
    d.callback("value");
    assertEquals("value", future.getNow(null));
  }

  @Test
  void successCompletesTheFutureNormally() {
    CompletableFuture<String> future = Deferreds.toCompletableFuture(Deferred.succeed("ok"));

    assertEquals("ok", future.join());
  }

  @Test
  void failureCompletesTheFutureExceptionallyWithTheFailuresOwnException() {
    IOException boom = new IOException("boom");
    CompletableFuture<String> future = Deferreds.toCompletableFuture(Deferred.fail(boom));

    assertTrue(future.isCompletedExceptionally());
    CompletionException thrown = assertThrows(CompletionException.class, future::join);
    assertSame(boom, thrown.getCause());
  }

  @Test
  void deferredChainGoesOnWithNullOnceTheResultIsHandedOver() {
    Deferred<String> d = new Deferred<>();
    Deferreds.toCompletableFuture(d);
    List<Object> after = new ArrayList<>();

    d.errback(new IOException("handed to the future"));
    d.addBoth(
        (Object value, Failure failure) -> {
          after.add(failure != null ? failure : value);
          return null;
        });

    assertEquals(1, after.size());
    assertNull(after.get(0));
  }

  @Test
  void cancellingTheFutureLeavesTheDeferredAlone() {
    boolean[] cancellerRan = {false};
    Deferred<String> d = new Deferred<>(ignored -> cancellerRan[0] = true);
    CompletableFuture<String> future = Deferreds.toCompletableFuture(d);

    assertTrue(future.cancel(true));

    assertFalse(cancellerRan[0]);
    assertFalse(d.isCalled());
    d.callback("late"); // the reactor can still fire it; the cancelled future ignores the value
    assertTrue(future.isCancelled());
  }

  @Test
  void nonAsyncStageRunsOnTheThreadThatFiresTheDeferred() {
    Deferred<String> d = new Deferred<>();
    CompletableFuture<Thread> stageThread =
        Deferreds.toCompletableFuture(d).thenApply(v -> Thread.currentThread());

    d.callback("x");

    assertSame(Thread.currentThread(), stageThread.getNow(null));
  }

  @Test
  void aFutureMadeBeforehandIsTheOneCompleted() {
    CompletableFuture<Object> made = new CompletableFuture<>();
    Deferred<String> d = new Deferred<>();

    CompletableFuture<Object> returned = Deferreds.toCompletableFuture(d, made);

    assertSame(made, returned);
    assertFalse(made.isDone());
    d.callback("later");
    assertEquals("later", made.getNow(null));
  }

  @Test
  void aFutureMadeBeforehandCarriesTheFailuresOwnException() {
    IOException boom = new IOException("boom");
    CompletableFuture<String> made = new CompletableFuture<>();

    Deferreds.toCompletableFuture(Deferred.<String>fail(boom), made);

    CompletionException thrown = assertThrows(CompletionException.class, made::join);
    assertSame(boom, thrown.getCause());
  }
}
