package io.fetchd.defer;

/**
 * A callback that runs on both tracks ({@link Deferred#addBoth}): exactly one of the two
 * arguments is meaningful. When {@code failure} is non-null the chain is on the error track and
 * {@code result} is null; otherwise {@code result} is the success value (which may be null).
 *
 * @param <T> the success result type received
 * @param <R> the result type produced
 */
@FunctionalInterface
public interface BothCallback<T, R> {
  /**
   * Runs on whichever track the result is on.
   *
   * @param result the success value, or null on the error track
   * @param failure the Failure, or null on success
   * @return the next step's result
   * @throws Exception to go on down the error track with this exception's Failure
   */
  R apply(T result, Failure failure) throws Exception;
}
