package io.fetchd.defer;

import java.util.Objects;

/**
 * Raised (as the Failure of a {@link DeferredList} with {@code fireOnOneErrback}, or of
 * {@link Deferreds#gatherResults}) when one of the entries failed first; it carries that entry's
 * index and Failure. Twisted's {@code FirstError}.
 *
 * <p>The entry's exception is also this exception's cause, so stack traces and
 * {@code CompletableFuture} users see it without unwrapping.
 *
 * <p>Thread rule: immutable once constructed; any thread may read it.
 */
public final class FirstErrorException extends Exception {
  private final int index;
  private final transient Failure failure;

  public FirstErrorException(int index, Failure failure) {
    super(
        "entry #" + index + " failed first: " + Objects.requireNonNull(failure, "failure").value(),
        failure.value());
    this.index = index;
    this.failure = failure;
  }

  /** The position, from 0, of the failed entry in the list. */
  public int index() {
    return index;
  }

  /** The failed entry's Failure (Twisted's {@code subFailure}). */
  public Failure failure() {
    return failure;
  }
}
