package io.fetchd.defer;

import static io.fetchd.defer.DeferredAssertions.assertNoResult;
import static io.fetchd.defer.DeferredAssertions.failureResultOf;
import static io.fetchd.defer.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
