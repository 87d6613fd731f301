package io.fetchd.defer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Functions over several Deferreds, and the bridge to {@link CompletableFuture}.
 *
 * <p>Thread rule: one thread, the reactor's. Every method here adds callbacks to Deferreds and so
 * must run on the thread that owns them; only the {@link CompletableFuture} returned by
 * {@link #toCompletableFuture} may be used from other threads.
 */
public final class Deferreds {
  private Deferreds() {}

  /**
   * Waits for all of {@code deferreds} and fires with their values in input order (nulls kept):
   * Twisted's {@code gatherResults}. The first entry to fail errbacks the result at once with a
   * {@link FirstErrorException} carrying that entry's index and Failure; later results are
   * ignored. An empty list gives an empty list at once.
   *
   * <p>Cancelling the returned Deferred before it fires cancels the entries that have not fired,
   * so it normally errbacks with a {@link FirstErrorException} wrapping the first entry's
   * {@link CancelledException}.
   *
   * @param deferreds the entries
   * @param consumeErrors when true, each failed entry's chain continues with null after this
   *     function has seen its Failure, so no entry is logged as an unhandled error; when false the
   *     entries keep their Failures (see {@link DeferredList})
   * @param <T> the entries' result type
   * @return a Deferred of the values in input order
   */
  public static <T> Deferred<List<T>> gatherResults(
      List<? extends Deferred<T>> deferreds, boolean consumeErrors) {
    DeferredList.Builder<T> list = DeferredList.<T>of(deferreds).fireOnOneErrback();
    if (consumeErrors) {
      list.consumeErrors();
    }
    return list
        .deferred()
        .addCallback(Deferreds::values);
  }

  /**
   * {@link #gatherResults(List, boolean)} with {@code consumeErrors} off, Twisted's default.
   *
   * @param deferreds the entries
   * @param <T> the entries' result type
   * @return a Deferred of the values in input order
   */
  public static <T> Deferred<List<T>> gatherResults(List<? extends Deferred<T>> deferreds) {
    return gatherResults(deferreds, false);
  }

  private static <T> List<T> values(List<Outcome<T>> outcomes) {
    List<T> values = new ArrayList<>(outcomes.size());
    for (Outcome<T> outcome : outcomes) {
      // With fireOnOneErrback, the list only fires on the success track when all succeeded.
      values.add(outcome.value());
    }
    return Collections.unmodifiableList(values);
  }

  /**
   * A {@link CompletableFuture} that completes when {@code deferred} fires: normally with its
   * value, or exceptionally with its Failure's exception (not wrapped). Twisted's
   * {@code asFuture}.
   *
   * <p>The future becomes the Deferred's consumer: the callback added here hands the result, or
   * the Failure, over to the future, and the Deferred's chain carries on with null. Add callbacks
   * that need the result before calling this, or to the future. A Failure handed over is the
   * future's to report, never also logged as an unhandled Deferred error.
   *
   * <p>The future is completed on the Deferred's thread (the reactor's), so a dependent stage
   * added with a non-async method ({@code thenApply}, {@code whenComplete}...) may run on the
   * event loop and must not block. Callers outside the loop use the future's {@code *Async}
   * methods (with their own executor) and may block in {@code get()} or {@code join()}; code on
   * the loop must never block on it, since the loop is the thread that would complete it.
   *
   * <p>Cancelling the future (or completing it by hand) only changes the future: it never
   * touches the Deferred, which belongs to the reactor's thread and must not be cancelled from
   * another one. To cancel the operation, cancel the Deferred on its own thread (for instance
   * through the reactor's {@code callFromThread}); its late result is then dropped by the already
   * completed future.
   *
   * <p>Must be called on the Deferred's thread.
   *
   * @param deferred the Deferred to follow
   * @param <T> the result type
   * @return a future completed when the Deferred fires
   */
  public static <T> CompletableFuture<T> toCompletableFuture(Deferred<T> deferred) {
    Objects.requireNonNull(deferred, "deferred");
    CompletableFuture<T> future = new CompletableFuture<>();
    deferred.addBoth(
        (T value, Failure failure) -> {
          if (failure == null) {
            future.complete(value);
          } else {
            future.completeExceptionally(failure.value());
          }
          return null;
        });
    return future;
  }
}
