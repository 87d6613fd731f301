package io.fetchd.testing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one bridge from loop work to a test thread: a bounded wait on a future, failing the test
 * (never hanging it) when nothing arrives in time. Any thread except a reactor's.
 */
public final class Await {
  private Await() {}

  /** The future's value; its failure or a timeout becomes an {@link AssertionError}. */
  public static <T> T within(Duration wait, CompletableFuture<T> f) {
    try {
      return f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("nothing within " + wait, e);
    }
  }
}
