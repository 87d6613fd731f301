package io.fetchd.defer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DeferredLock: one holder at a time, waiters in order. */
class DeferredLockTest {

  @Test
  void acquireOnAnUnlockedLockFiresAtOnceAndLocks() {
    DeferredLock lock = new DeferredLock();

    assertSame(lock, successResultOf(lock.acquire()));
    assertTrue(lock.locked());
  }

  @Test
  void secondAcquireWaitsUntilRelease() {
    DeferredLock lock = new DeferredLock();
    lock.acquire();
    Deferred<DeferredLock> second = lock.acquire();
    assertNoResult(second);

    lock.release();

    assertSame(lock, successResultOf(second));
    assertTrue(lock.locked());
  }

  @Test
  void releaseOfAnUnlockedLockThrows() {
    DeferredLock lock = new DeferredLock();

    assertThrows(IllegalStateException.class, lock::release);
    assertFalse(lock.locked());
  }

  @Test
  void runHoldsTheLockUntilTheTaskFires() {
    DeferredLock lock = new DeferredLock();
    Deferred<String> task = new Deferred<>();
    List<String> order = new ArrayList<>();
    Deferred<String> first = lock.run(() -> task);
    lock.run(
        () -> {
          order.add("second ran");
          return Deferred.succeed("two");
        });
    assertTrue(order.isEmpty());

    task.callback("one");

    assertEquals("one", successResultOf(first));
    assertEquals(List.of("second ran"), order);
    assertFalse(lock.locked());
  }

  @Test
  void runReleasesTheLockWhenTheTaskFails() {
    DeferredLock lock = new DeferredLock();

    Deferred<String> result = lock.run(() -> Deferred.fail(new IOException("boom")));

    failureResultOf(result, IOException.class);
    assertFalse(lock.locked());
  }

  @Test
  void cancellingAWaitingAcquireRemovesIt() {
    DeferredLock lock = new DeferredLock();
    lock.acquire();
    Deferred<DeferredLock> waiting = lock.acquire();

    waiting.cancel();

    failureResultOf(waiting, CancelledException.class);
    assertEquals(0, lock.waiting());
    lock.release();
    assertFalse(lock.locked());
  }

  @Test
  void cancellingAnAcquireThatFiredKeepsTheLockHeld() {
    DeferredLock lock = new DeferredLock();
    Deferred<DeferredLock> held = lock.acquire();

    held.cancel();

    assertSame(lock, successResultOf(held));
    assertTrue(lock.locked());
  }

  @Test
  void acquireBeyondMaxWaitingFailsWithQueueOverflow() {
    DeferredLock lock = new DeferredLock(1);
    lock.acquire();
    lock.acquire();

    failureResultOf(lock.acquire(), QueueOverflowException.class);
    assertEquals(1, lock.waiting());
  }
  // ------------------------------------------------------------ synchronous result checks

  /** The success result at the current end of {@code d}'s chain, which it leaves unchanged. */
  private static <T> T successResultOf(Deferred<T> d) {
    Object[] seen = observe(d, false);
    if (seen == null) {
      return fail("expected a success result, but " + d + " has none yet");
    }
    if (seen[1] != null) {
      return fail("expected a success result, but got " + seen[1]);
    }
    @SuppressWarnings("unchecked")
    T value = (T) seen[0];
    return value;
  }

  /**
   * The Failure at the current end of {@code d}'s chain, of one of {@code types} if any are given.
   * Like trial's {@code failureResultOf}, it handles the Failure (the chain goes on with null).
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, by Failure.check
  private static Failure failureResultOf(Deferred<?> d, Class<? extends Throwable>... types) {
    Object[] seen = observe(d, true);
    if (seen == null || seen[1] == null) {
      return fail("expected a Failure, but " + d + " has " + (seen == null ? "none" : seen[0]));
    }
    Failure failure = (Failure) seen[1];
    if (types.length > 0 && failure.check(types) == null) {
      return fail("unexpected " + failure + "\n" + failure.getTraceback());
    }
    return failure;
  }

  private static void assertNoResult(Deferred<?> d) {
    Object[] seen = observe(d, false);
    if (seen != null) {
      fail("expected no result, but got " + (seen[1] != null ? seen[1] : seen[0]));
    }
  }

  /** {value, failure} at the current end of the chain, or null when there is none yet. */
  private static Object[] observe(Deferred<?> d, boolean handleFailure) {
    Object[][] box = {null};
    d.addBoth(
        (Object value, Failure failure) -> {
          box[0] = new Object[] {value, failure};
          if (failure == null) {
            return value;
          }
          return handleFailure ? null : failure;
        });
    return box[0];
  }
}
