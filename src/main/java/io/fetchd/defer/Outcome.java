package io.fetchd.defer;

import java.util.Objects;

/**
 * How one entry of a {@link DeferredList} ended: its position in the input list and either its
 * success value or its {@link Failure}. Twisted's {@code (success, result)} pair, with the index
 * carried along so that a lone Outcome (as delivered under {@code fireOnOneCallback}) still says
 * which entry it came from.
 *
 * <p>Exactly one of {@code value} and {@code failure} is meaningful: a success has a null
 * {@code failure} (its value may be null); a failure has a non-null {@code failure} and a null
 * {@code value}.
 *
 * <p>Thread rule: immutable; any thread may read it. Its value is whatever the entry produced,
 * with that value's own thread rule.
 *
 * @param success true when the entry fired on the success track
 * @param value the success value (null for a failure)
 * @param failure the Failure (null for a success)
 * @param index the entry's position in the list given to the DeferredList, from 0
 * @param <T> the entries' result type
 */
public record Outcome<T>(boolean success, T value, Failure failure, int index) {

  /**
   * Checks that the fields agree with {@code success}.
   *
   * @param success whether the entry succeeded
   * @param value the result (null for a Failure)
   * @param failure the Failure (null for a success)
   * @param index the entry's position, from 0
   */
  public Outcome {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index);
    }
    if (success && failure != null) {
      throw new IllegalArgumentException("a successful Outcome carries no Failure");
    }
    if (!success) {
      Objects.requireNonNull(failure, "a failed Outcome needs its Failure");
      if (value != null) {
        throw new IllegalArgumentException("a failed Outcome carries no value");
      }
    }
  }

  /**
   * The Outcome of entry {@code index} that succeeded with {@code value}.
   *
   * @param index the entry's position, from 0
   * @param value the result
   * @param <T> the result type
   * @return a success outcome
   */
  public static <T> Outcome<T> succeeded(int index, T value) {
    return new Outcome<>(true, value, null, index);
  }

  /**
   * The Outcome of entry {@code index} that failed with {@code failure}.
   *
   * @param index the entry's position, from 0
   * @param failure the Failure
   * @param <T> the result type
   * @return a failure outcome
   */
  public static <T> Outcome<T> failed(int index, Failure failure) {
    return new Outcome<>(false, null, failure, index);
  }
}
