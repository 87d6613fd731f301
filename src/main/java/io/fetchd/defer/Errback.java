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
  R apply(Failure failure) throws Exception;
}
