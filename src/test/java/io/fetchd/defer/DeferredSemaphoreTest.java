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

/** DeferredSemaphore: token counting, waiters in order, run(), cancellation and the bound. */
class DeferredSemaphoreTest {

  @Test
  void acquireFiresAtOnceWhileTokensRemain() {
    DeferredSemaphore sem = new DeferredSemaphore(2);

    assertSame(sem, successResultOf(sem.acquire()));
    assertSame(sem, successResultOf(sem.acquire()));
    assertEquals(0, sem.tokens());
  }

  @Test
  void acquireWaitsWhenNoTokenIsFree() {
    DeferredSemaphore sem = new DeferredSemaphore(1);
    sem.acquire();

    Deferred<DeferredSemaphore> waiter = sem.acquire();

    assertNoResult(waiter);
    assertEquals(1, sem.waiting());
  }

  @Test
  void releaseHandsTheTokenToTheOldestWaiter() {
    DeferredSemaphore sem = new DeferredSemaphore(1);
    sem.acquire();
    List<String> order = new ArrayList<>();
    sem.acquire().addCallback(s -> order.add("first"));
    sem.acquire().addCallback(s -> order.add("second"));

    sem.release();

    assertEquals(List.of("first"), order);
    assertEquals(0, sem.tokens());
    sem.release();
    assertEquals(List.of("first", "second"), order);
  }

  @Test
  void runNeverHasMoreThanTheLimitRunning() {
    DeferredSemaphore sem = new DeferredSemaphore(3);
    List<Deferred<Integer>> tasks = new ArrayList<>();
    int[] running = {0};
    int[] mostRunning = {0};
    List<Deferred<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int n = i;
      results.add(
          sem.run(
              () -> {
                running[0]++;
                mostRunning[0] = Math.max(mostRunning[0], running[0]);
                Deferred<Integer> task = new Deferred<>();
                tasks.add(task);
                return task.addBoth(
                    (Integer v, Failure f) -> {
                      running[0]--;
                      return n;
                    });
              }));
    }
    assertEquals(3, running[0]);
    assertEquals(7, sem.waiting());

    for (int i = 0; i < tasks.size(); i++) { // the list grows as waiters get their turn
      tasks.get(i).callback(i);
      assertTrue(running[0] <= 3);
    }

    assertEquals(10, tasks.size());
    assertEquals(3, mostRunning[0]);
    assertEquals(0, running[0]);
    assertEquals(3, sem.tokens());
    for (int i = 0; i < 10; i++) {
      assertEquals(i, successResultOf(results.get(i)));
    }
  }

  @Test
  void runPassesTheTaskResultThrough() {
    DeferredSemaphore sem = new DeferredSemaphore(1);

    assertEquals("done", successResultOf(sem.run(() -> Deferred.succeed("done"))));
    assertEquals(1, sem.tokens());
  }

  @Test
  void runReleasesWhenTheTaskFails() {
    DeferredSemaphore sem = new DeferredSemaphore(1);
    Deferred<String> task = new Deferred<>();
    Deferred<String> result = sem.run(() -> task);
    IOException boom = new IOException("boom");

    task.errback(boom);

    assertSame(boom, failureResultOf(result).value());
    assertEquals(1, sem.tokens());
  }

  @Test
  void runReleasesWhenTheTaskThrows() {
    DeferredSemaphore sem = new DeferredSemaphore(1);

    Deferred<String> result =
        sem.run(
            () -> {
              throw new IOException("thrown");
            });

    failureResultOf(result, IOException.class);
    assertEquals(1, sem.tokens());
  }

  @Test
  void cancellingAWaitingAcquireRemovesItFromTheWaiters() {
    DeferredSemaphore sem = new DeferredSemaphore(1);
    sem.acquire();
    Deferred<DeferredSemaphore> cancelled = sem.acquire();
    Deferred<DeferredSemaphore> next = sem.acquire();

    cancelled.cancel();

    failureResultOf(cancelled, CancelledException.class);
    assertEquals(1, sem.waiting());
    sem.release();
    assertSame(sem, successResultOf(next));
  }

  @Test
  void cancellingAnAcquireThatFiredKeepsTheToken() {
    DeferredSemaphore sem = new DeferredSemaphore(1);
    Deferred<DeferredSemaphore> held = sem.acquire();

    held.cancel();

    assertSame(sem, successResultOf(held));
    assertEquals(0, sem.tokens());
  }

  @Test
  void cancellingAWaitingRunNeverCallsTheTask() {
    DeferredSemaphore sem = new DeferredSemaphore(1);
    sem.acquire();
    boolean[] called = {false};
    Deferred<String> result =
        sem.run(
            () -> {
              called[0] = true;
              return Deferred.succeed("ran");
            });

    result.cancel();
    sem.release();

    failureResultOf(result, CancelledException.class);
    assertFalse(called[0]);
    assertEquals(1, sem.tokens());
  }

  @Test
  void releaseWithoutAcquireThrows() {
    DeferredSemaphore sem = new DeferredSemaphore(2);

    assertThrows(IllegalStateException.class, sem::release);
    assertEquals(2, sem.tokens());
  }

  @Test
  void acquireBeyondMaxWaitingFailsAtOnceWithQueueOverflow() {
    DeferredSemaphore sem = new DeferredSemaphore(1, 2);
    sem.acquire();
    sem.acquire();
    sem.acquire();

    Deferred<DeferredSemaphore> refused = sem.acquire();

    failureResultOf(refused, QueueOverflowException.class);
    assertEquals(2, sem.waiting());
    assertEquals(0, sem.tokens());
  }

  @Test
  void runRefusedByTheBoundNeverCallsTheTask() {
    DeferredSemaphore sem = new DeferredSemaphore(1, 0);
    sem.acquire();
    boolean[] called = {false};

    Deferred<String> result =
        sem.run(
            () -> {
              called[0] = true;
              return Deferred.succeed("ran");
            });

    failureResultOf(result, QueueOverflowException.class);
    assertFalse(called[0]);
  }

  @Test
  void waiterSlotFreedByCancellationCanBeTakenAgain() {
    DeferredSemaphore sem = new DeferredSemaphore(1, 1);
    sem.acquire();
    sem.acquire().cancel();

    Deferred<DeferredSemaphore> again = sem.acquire();

    assertNoResult(again);
    assertEquals(1, sem.waiting());
  }

  @Test
  void manyQueuedTasksThatFinishAtOnceRunInConstantStack() {
    DeferredSemaphore sem = new DeferredSemaphore(1);
    sem.acquire();
    int[] ran = {0};
    for (int i = 0; i < 100_000; i++) {
      sem.run(
          () -> {
            ran[0]++;
            return Deferred.succeed(null);
          });
    }

    sem.release();

    assertEquals(100_000, ran[0]);
    assertEquals(1, sem.tokens());
    assertEquals(0, sem.waiting());
  }

  @Test
  void invalidBoundsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new DeferredSemaphore(0));
    assertThrows(IllegalArgumentException.class, () -> new DeferredSemaphore(1, -1));
  }

  @Test
  void tryAcquireTakesAFreeTokenButNeverJumpsTheQueue() {
    DeferredSemaphore sem = new DeferredSemaphore(1);
    assertTrue(sem.tryAcquire());
    assertFalse(sem.tryAcquire(), "no token left");
    Deferred<DeferredSemaphore> waiter = sem.acquire();
    sem.release();
    assertEquals(0, sem.tokens(), "the released token went to the waiter");
    assertFalse(sem.tryAcquire());
    sem.release();
    assertTrue(sem.tryAcquire());
    successResultOf(waiter);
  }
}
