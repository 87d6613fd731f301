package io.fetchd.defer;

/**
 * Stops the operation behind a {@link Deferred} when it is cancelled. Given at construction and
 * called by {@link Deferred#cancel()} at most once, before the Deferred has fired. It may fire the
 * Deferred itself (for instance with an operation-specific error); if it does not, the Deferred
 * errbacks with {@link CancelledException}. An exception it throws becomes the Deferred's Failure.
 *
 * @param <T> the Deferred's result type
 */
@FunctionalInterface
public interface Canceller<T> {
  /**
   * Stops the operation behind {@code deferred}; it may fire it (a result or a Failure), or leave
   * it unfired, in which case the Deferred fails with {@link CancelledException}.
   *
   * @param deferred the Deferred being cancelled
   * @throws Exception to fail the Deferred with this exception instead
   */
  void cancel(Deferred<T> deferred) throws Exception;
}
