package io.fetchd.defer;

/**
 * A success callback in a {@link Deferred}'s chain: takes the current result, returns the next.
 *
 * <p>Throwing (checked exceptions included) switches the chain to the errback track with a
 * {@link Failure} wrapping the exception. Returning a {@link Failure} does the same. Returning a
 * {@link Deferred} pauses the chain until that Deferred fires (prefer
 * {@link Deferred#addCallbackDeferred} for that, which is type-checked).
 *
 * @param <T> the result type this callback receives
 * @param <R> the result type it produces
 */
@FunctionalInterface
public interface Callback<T, R> {
  /**
   * Turns the current result into the next one.
   *
   * @param result the current success value
   * @return the next step's result (a Deferred returned here is waited on)
   * @throws Exception to go on down the error track with this exception's Failure
   */
  R apply(T result) throws Exception;
}
