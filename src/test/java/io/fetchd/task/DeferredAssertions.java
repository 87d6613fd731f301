package io.fetchd.task;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fetchd.defer.Deferred;
import io.fetchd.defer.Failure;

/** Twisted's synchronous Deferred assertions: look at a result now, without waiting. */
final class DeferredAssertions {
  private DeferredAssertions() {}

  /** The success result {@code d} has right now; fails the test if it has none or failed. */
  @SuppressWarnings("unchecked")
  static <T> T successResultOf(Deferred<T> d) {
    Object[] seen = new Object[2];
    boolean[] fired = {false};
    d.addBoth(
        (T value, Failure failure) -> {
          fired[0] = true;
          seen[0] = value;
          seen[1] = failure;
          return failure == null ? value : failure.<T>raise();
        });
    assertTrue(fired[0], () -> "expected a result, but " + d + " has none");
    if (seen[1] != null) {
      fail("expected a success, got " + seen[1], ((Failure) seen[1]).value());
    }
    return (T) seen[0];
  }

  /** The Failure {@code d} has right now, which it consumes; fails if it has none or succeeded. */
  static Failure failureResultOf(Deferred<?> d, Class<? extends Throwable> expected) {
    Failure[] seen = new Failure[1];
    boolean[] fired = {false};
    d.addErrback(
        failure -> {
          seen[0] = failure;
          return null;
        });
    d.addCallback(
        value -> {
          fired[0] = true;
          return value;
        });
    assertTrue(fired[0], () -> "expected a result, but " + d + " has none");
    assertNotNull(seen[0], "expected a Failure, but the Deferred succeeded");
    assertTrue(
        expected.isInstance(seen[0].value()),
        () -> "expected " + expected.getName() + ", got " + seen[0]);
    return seen[0];
  }

  /** Fails the test if {@code d} has a result right now. */
  static void assertNoResult(Deferred<?> d) {
    assertFalse(d.isCalled() && !d.isPaused(), () -> "expected no result yet, but " + d);
  }

}
