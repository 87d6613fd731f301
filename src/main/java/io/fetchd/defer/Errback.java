package io.fetchd.defer;

/**
 * An error callback in a {@link Deferred}'s chain: takes the current {@link Failure}.
 *
 * <p>Returning normally switches the chain back to the success track with the returned value.
 * To stay on the error track, throw (for example with {@link Failure#trap} or
 * {@code return failure.raise();}); the thrown exception becomes the next Failure (the same
 * Failure object when its own exception is rethrown).
 *
 * @param <R> the result type produced when the error is handled
 */
@FunctionalInterface
public interface Errback<R> {
  /**
   * Handles (or passes on) a Failure.
   *
   * @param failure the Failure on the error track
   * @return the next step's result: returning normally switches the chain back to success
   * @throws Exception to stay on the error track ({@code failure.raise()} keeps the same Failure)
   */
  R apply(Failure failure) throws Exception;
}
