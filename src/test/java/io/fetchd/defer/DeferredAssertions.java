package io.fetchd.defer;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;

/**
 * Synchronous checks on a Deferred, after Twisted trial's {@code successResultOf},
 * {@code failureResultOf} and {@code assertNoResult}.
 *
 * <p>Each adds one (callback, errback) pair that records what reaches it, then looks at the record
 * at once. So they see the result at the current end of the chain, and a paused or waiting
 * Deferred has none yet. {@link #successResultOf} and {@link #assertNoResult} pass the result on
 * unchanged. {@link #failureResultOf}, like trial's, handles the Failure: the chain goes on with
 * null, so a checked Failure is not reported as an unhandled error later. {@link #peekFailure}
 * checks the same way but passes the Failure on (the same Failure object), for a test that goes on
 * to look at it again. Test thread only.
 */
final class DeferredAssertions {
  private DeferredAssertions() {}

  /** The success result the Deferred has now; fails the test if it has none or a Failure. */
  @SuppressWarnings("unchecked")
  static <T> T successResultOf(Deferred<T> deferred) {
    Seen seen = observe(deferred, false);
    if (!seen.arrived) {
      fail("expected a success result, but " + deferred + " has no result yet");
    }
    if (seen.failure != null) {
      fail(
          "expected a success result, but got "
              + seen.failure
              + "\n"
              + seen.failure.getTraceback());
    }
    return (T) seen.value;
  }

  /**
   * The Failure the Deferred has now; fails the test if it has none, a success, or a Failure
   * whose exception is none of {@code expected} (any Failure matches when none are given).
   *
   * <p>Like trial's {@code failureResultOf}, it handles the Failure: the chain goes on with null.
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, by Failure.check and Arrays.toString
  static Failure failureResultOf(Deferred<?> deferred, Class<? extends Throwable>... expected) {
    return checkFailure(deferred, observe(deferred, true), expected);
  }

  /**
   * Checks like {@link #failureResultOf} but leaves the chain unchanged: the same Failure goes on
   * to whatever is added next.
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, by Failure.check and Arrays.toString
  static Failure peekFailure(Deferred<?> deferred, Class<? extends Throwable>... expected) {
    return checkFailure(deferred, observe(deferred, false), expected);
  }

  /** Fails the test if the Deferred has a result (success or Failure) now. */
  static void assertNoResult(Deferred<?> deferred) {
    Seen seen = observe(deferred, false);
    if (seen.arrived) {
      fail(
          "expected no result, but got "
              + (seen.failure != null ? seen.failure : "the success result " + seen.value));
    }
  }

  private static Failure checkFailure(
      Deferred<?> deferred, Seen seen, Class<? extends Throwable>[] expected) {
    if (!seen.arrived) {
      fail("expected a Failure, but " + deferred + " has no result yet");
    }
    if (seen.failure == null) {
      fail("expected a Failure, but got the success result " + seen.value);
    }
    if (expected.length > 0 && seen.failure.check(expected) == null) {
      fail(
          "expected a Failure of "
              + Arrays.toString(expected)
              + ", but got "
              + seen.failure
              + "\n"
              + seen.failure.getTraceback());
    }
    return seen.failure;
  }

  /** Records what reaches the current end of the chain; handles a Failure if asked to. */
  private static Seen observe(Deferred<?> deferred, boolean handleFailure) {
    Seen seen = new Seen();
    deferred.addBoth(
        (Object value, Failure failure) -> {
          seen.arrived = true;
          seen.value = value;
          seen.failure = failure;
          if (failure == null) {
            return value;
          }
          return handleFailure ? null : failure;
        });
    return seen;
  }

  /** What one observation saw: whether a result arrived, and which. */
  private static final class Seen {
    boolean arrived;
    Object value;
    Failure failure;
  }
}
