package io.fetchd.defer;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;

/**
 * Synchronous checks on a Deferred, after Twisted trial's {@code successResultOf},
 * {@code failureResultOf} and {@code assertNoResult}.
 *
 * <p>Each adds one (callback, errback) pair that records what reaches it and passes it on
 * unchanged (a Failure stays the same Failure object), then looks at the record at once. So they
 * see the result at the current end of the chain, and a paused or waiting Deferred has none yet.
 * Test thread only.
 */
final class DeferredAssertions {
  private DeferredAssertions() {}

  /** The success result the Deferred has now; fails the test if it has none or a Failure. */
  @SuppressWarnings("unchecked")
  static <T> T successResultOf(Deferred<T> deferred) {
    Outcome outcome = observe(deferred);
    if (!outcome.arrived) {
      fail("expected a success result, but " + deferred + " has no result yet");
    }
    if (outcome.failure != null) {
      fail(
          "expected a success result, but got "
              + outcome.failure
              + "\n"
              + outcome.failure.getTraceback());
    }
    return (T) outcome.value;
  }

  /**
   * The Failure the Deferred has now; fails the test if it has none, a success, or a Failure
   * whose exception is none of {@code expected} (any Failure matches when none are given).
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, by Failure.check and Arrays.toString
  static Failure failureResultOf(Deferred<?> deferred, Class<? extends Throwable>... expected) {
    Outcome outcome = observe(deferred);
    if (!outcome.arrived) {
      fail("expected a Failure, but " + deferred + " has no result yet");
    }
    if (outcome.failure == null) {
      fail("expected a Failure, but got the success result " + outcome.value);
    }
    if (expected.length > 0 && outcome.failure.check(expected) == null) {
      fail(
          "expected a Failure of "
              + Arrays.toString(expected)
              + ", but got "
              + outcome.failure
              + "\n"
              + outcome.failure.getTraceback());
    }
    return outcome.failure;
  }

  /** Fails the test if the Deferred has a result (success or Failure) now. */
  static void assertNoResult(Deferred<?> deferred) {
    Outcome outcome = observe(deferred);
    if (outcome.arrived) {
      fail(
          "expected no result, but got "
              + (outcome.failure != null ? outcome.failure : "the success result " + outcome.value));
    }
  }

  private static Outcome observe(Deferred<?> deferred) {
    Outcome outcome = new Outcome();
    deferred.addBoth(
        (Object value, Failure failure) -> {
          outcome.arrived = true;
          outcome.value = value;
          outcome.failure = failure;
          return failure != null ? failure : value;
        });
    return outcome;
  }

  private static final class Outcome {
    boolean arrived;
    Object value;
    Failure failure;
  }
}
