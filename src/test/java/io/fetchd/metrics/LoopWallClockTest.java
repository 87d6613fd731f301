package io.fetchd.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.defer.Deferred;
import io.fetchd.reactor.Reactor;
import io.fetchd.task.FakeClock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopWallClockTest {
  private final Reactor reactor = new Reactor(1);
  private final FakeClock refreshes = new FakeClock();
  private final LoopWallClock clock = new LoopWallClock(reactor, refreshes);

  @AfterEach
  void tearDown() {
    reactor.close();
  }

  /** Spins (bounded) until the real wall clock has moved {@code millis} past {@code from}. */
  private static long realClockPast(long from, long millis) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    long now;
    while ((now = System.currentTimeMillis()) < from + millis) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the wall clock did not move");
      }
      Thread.onSpinWait();
    }
    return now;
  }

  private <T> T onLoop(Callable<T> fn) throws Exception {
    return reactor.callOnLoop(() -> Deferred.succeed(fn.call())).get(10, TimeUnit.SECONDS);
  }

  @Test
  void theLoopReadsTheWallTimeOfTheLastRefreshAndOtherThreadsTheRealOne() throws Exception {
    long[] seen = onLoop(() -> {
      clock.start();
      long cached = clock.wallTime();
      long real = realClockPast(cached, 3);
      return new long[] {cached, clock.wallTime(), real};
    });
    assertEquals(seen[0], seen[1], "no refresh yet: the loop gets the cached wall time");
    assertTrue(clock.wallTime() >= seen[2], "another thread reads the real clock");

    long refreshed = onLoop(() -> {
      refreshes.advance(LoopWallClock.REFRESH);
      return clock.wallTime();
    });
    assertTrue(refreshed >= seen[2], "after a refresh the loop sees the time of the refresh: " + refreshed);
  }

  @Test
  void beforeStartAndAfterStopTheLoopReadsTheRealClock() throws Exception {
    long[] before = onLoop(() -> {
      long a = clock.wallTime();
      long real = realClockPast(a, 2);
      return new long[] {clock.wallTime(), real};
    });
    assertTrue(before[0] >= before[1], "not started: real time");

    long[] after = onLoop(() -> {
      clock.start();
      clock.stop();
      long a = clock.wallTime();
      long real = realClockPast(a, 2);
      return new long[] {clock.wallTime(), real};
    });
    assertTrue(after[0] >= after[1], "stopped: real time");
    assertEquals(List.of(), refreshes.getDelayedCalls(), "no refresh left scheduled");
  }
}
