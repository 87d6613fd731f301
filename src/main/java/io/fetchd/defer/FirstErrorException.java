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
  /** The failed entry's position in the list. */
  private final int index;
  private final transient Failure failure;

  /**
   * The first error of a list.
   *
   * @param index the failed entry's position in the list, from 0
   * @param failure that entry's Failure
   */
  public FirstErrorException(int index, Failure failure) {
    super(
        "entry #" + index + " failed first: " + Objects.requireNonNull(failure, "failure").value(),
        failure.value());
    this.index = index;
    this.failure = failure;
  }

  /**
   * The position, from 0, of the failed entry in the list.
   *
   * @return the failed entry's position, from 0
   */
  public int index() {
    return index;
  }

  /**
   * The failed entry's Failure (Twisted's {@code subFailure}).
   *
   * @return the failed entry's Failure
   */
  public Failure failure() {
    return failure;
  }
}
