package io.fetchd.defer;

/**
 * Looks at a result on either track without changing it ({@link Deferred#addBothPassThrough}):
 * exactly one of the two arguments is meaningful, as for {@link BothCallback}. Throwing replaces
 * the result with the exception's Failure. Runs on the Deferred's thread.
 *
 * @param <T> the success result type observed
 */
@FunctionalInterface
public interface BothObserver<T> {
  /**
   * Observes the result.
   *
   * @param result the success value (may be null), or null on the error track
   * @param failure the Failure on the error track, or null on success
   * @throws Exception to replace the result with this exception's Failure
   */
  void accept(T result, Failure failure) throws Exception;
}
