package io.fetchd.task;

import static io.fetchd.task.DeferredAssertions.assertNoResult;
import static io.fetchd.task.DeferredAssertions.failureResultOf;
import static io.fetchd.task.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.defer.CancelledException;
import io.fetchd.defer.Deferred;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopingCallTest {
  private final FakeClock clock = new FakeClock();
  private final List<Long> times = new ArrayList<>();

  private static Duration ms(long n) {
    return Duration.ofMillis(n);
  }

  private LoopingCall recordingLoop() {
    return new LoopingCall(clock, () -> {
      times.add(clock.nanoTime() / 1_000_000);
    });
  }

  @Test
  void startingNowCallsAtOnceAndThenEveryInterval() {
    LoopingCall loop = recordingLoop();
    loop.start(ms(100), true);
    assertEquals(List.of(0L), times);
    clock.pump(ms(50), ms(100), ms(100));
    assertEquals(List.of(0L, 150L, 250L), times);
    assertTrue(loop.isRunning());
    assertEquals(ms(100), loop.interval());
  }

  @Test
  void startingLaterWaitsOneIntervalForTheFirstCall() {
    LoopingCall loop = recordingLoop();
    loop.start(ms(100), false);
    assertEquals(List.of(), times);
    clock.pump(ms(50), ms(100), ms(100));
    assertEquals(List.of(150L, 250L), times);
  }

  @Test
  void stopFiresTheStartDeferredWithTheLoopAndLeavesNothingScheduled() {
    LoopingCall loop = recordingLoop();
    Deferred<LoopingCall> d = loop.start(ms(100), true);
    clock.advance(ms(100));
    assertNoResult(d);
    loop.stop();
    assertSame(loop, successResultOf(d));
    assertFalse(loop.isRunning());
    assertTrue(clock.getDelayedCalls().isEmpty());
  }

  @Test
  void stopBeforeTheFirstDelayedCallPreventsEveryCall() {
    LoopingCall loop = recordingLoop();
    loop.start(ms(10), false);
    loop.stop();
    clock.advance(ms(100));
    assertEquals(List.of(), times);
    assertTrue(clock.getDelayedCalls().isEmpty());
  }

  @Test
  void missedIntervalsAreSkippedNotRunInABurst() {
    LoopingCall loop = recordingLoop();
    loop.start(ms(500), true);
    clock.advance(ms(2000));
    assertEquals(List.of(0L, 2000L), times);
    clock.advance(ms(1000));
    assertEquals(List.of(0L, 2000L, 3000L), times);
    clock.advance(Duration.ZERO);
    assertEquals(List.of(0L, 2000L, 3000L), times);
  }

  @Test
  void anIterationThatOverrunsSkipsToTheNextSlotStillInTheFuture() {
    Duration[] callTakes = {ms(2000)};
    LoopingCall loop =
        new LoopingCall(clock, () -> {
          times.add(clock.nanoTime() / 1_000_000);
          clock.advance(callTakes[0]);
        });
    loop.start(ms(500), true);
    assertEquals(List.of(0L), times);
    clock.advance(Duration.ZERO);
    assertEquals(List.of(0L), times);
    callTakes[0] = ms(1000);
    clock.advance(ms(500));
    assertEquals(List.of(0L, 2500L), times);
    callTakes[0] = Duration.ZERO;
    clock.advance(ms(500));
    assertEquals(List.of(0L, 2500L, 4000L), times);
  }

  @Test
  void anExceptionStopsTheLoopAndFailsTheStartDeferred() {
    LoopingCall loop =
        new LoopingCall(clock, () -> {
          times.add(clock.nanoTime());
          if (times.size() == 2) {
            throw new IOException("boom");
          }
          return null;
        });
    Deferred<LoopingCall> d = loop.start(ms(10), true);
    clock.advance(ms(10));
    assertEquals("boom", failureResultOf(d, IOException.class).getMessage());
    assertFalse(loop.isRunning());
    assertTrue(clock.getDelayedCalls().isEmpty());
  }

  @Test
  void anExceptionAfterStopInsideTheFunctionStillFails() {
    LoopingCall[] loop = new LoopingCall[1];
    loop[0] =
        new LoopingCall(clock, () -> {
          loop[0].stop();
          throw new IOException("boom");
        });
    Deferred<LoopingCall> d = loop[0].start(ms(10), true);
    failureResultOf(d, IOException.class);
  }

  @Test
  void aReturnedDeferredDelaysTheNextIterationUntilItFires() {
    List<Deferred<Void>> pending = new ArrayList<>();
    LoopingCall loop =
        new LoopingCall(clock, () -> {
          times.add(clock.nanoTime() / 1_000_000);
          Deferred<Void> d = new Deferred<>();
          pending.add(d);
          return d;
        });
    loop.start(ms(100), true);
    clock.advance(ms(250));
    assertEquals(List.of(0L), times);
    assertTrue(clock.getDelayedCalls().isEmpty());
    pending.get(0).callback(null);
    clock.advance(ms(49));
    assertEquals(List.of(0L), times);
    clock.advance(ms(1));
    assertEquals(List.of(0L, 300L), times);
  }

  @Test
  void aFailedReturnedDeferredFailsTheLoop() {
    LoopingCall loop =
        new LoopingCall(clock, () -> {
          Deferred<Void> d = new Deferred<>();
          clock.callLater(ms(300), () -> d.errback(new IOException("late boom")));
          return d;
        });
    Deferred<LoopingCall> stopped = loop.start(ms(1000), true);
    clock.advance(ms(300));
    failureResultOf(stopped, IOException.class);
    assertTrue(clock.getDelayedCalls().isEmpty());
  }

  @Test
  void stopWhileAnIterationIsPendingFiresOnceItCompletes() {
    Deferred<Void> work = new Deferred<>();
    LoopingCall loop = new LoopingCall(clock, () -> work);
    Deferred<LoopingCall> stopped = loop.start(ms(10), true);
    loop.stop();
    assertNoResult(stopped);
    work.callback(null);
    assertSame(loop, successResultOf(stopped));
    assertTrue(clock.getDelayedCalls().isEmpty());
  }

  @Test
  void resetSkipsTheNextIterationAndCountsTheIntervalFromNow() {
    LoopingCall loop = recordingLoop();
    loop.start(ms(2000), false);
    clock.advance(ms(1000));
    loop.reset();
    clock.advance(ms(1000));
    assertEquals(List.of(), times);
    clock.advance(ms(1000));
    assertEquals(List.of(3000L), times);
  }

  @Test
  void zeroIntervalCallsAgainOnEveryZeroDelayPass() {
    LoopingCall[] loop = new LoopingCall[1];
    loop[0] =
        new LoopingCall(clock, () -> {
          times.add(clock.nanoTime());
          if (times.size() == 6) {
            loop[0].stop();
          }
        });
    Deferred<LoopingCall> d = loop[0].start(Duration.ZERO, true);
    clock.advance(Duration.ZERO);
    assertEquals(6, times.size());
    assertSame(loop[0], successResultOf(d));
  }

  @Test
  void cancellingTheStartDeferredStopsTheLoop() {
    LoopingCall loop = recordingLoop();
    Deferred<LoopingCall> d = loop.start(ms(10), true);
    d.cancel();
    failureResultOf(d, CancelledException.class);
    assertFalse(loop.isRunning());
    clock.advance(ms(100));
    assertEquals(List.of(0L), times);
  }

  @Test
  void cancellingTheStartDeferredCancelsAPendingIteration() {
    Deferred<Void> work = new Deferred<>();
    LoopingCall loop = new LoopingCall(clock, () -> work);
    Deferred<LoopingCall> d = loop.start(ms(10), true);
    d.cancel();
    assertTrue(work.isCalled());
    failureResultOf(d, CancelledException.class);
    assertTrue(clock.getDelayedCalls().isEmpty());
  }

  @Test
  void startingTwiceIsRefused() {
    LoopingCall loop = recordingLoop();
    loop.start(ms(10), false);
    assertThrows(IllegalStateException.class, () -> loop.start(ms(10), false));
  }

  @Test
  void aStoppedLoopCanStartAgain() {
    LoopingCall loop = recordingLoop();
    loop.start(ms(10), true);
    loop.stop();
    loop.start(ms(10), true);
    assertEquals(List.of(0L, 0L), times);
  }

  @Test
  void stopOrResetWhenNotRunningIsRefused() {
    LoopingCall loop = recordingLoop();
    assertNull(loop.interval());
    assertThrows(IllegalStateException.class, loop::stop);
    assertThrows(IllegalStateException.class, loop::reset);
  }

  @Test
  void negativeIntervalIsRefused() {
    LoopingCall loop = recordingLoop();
    assertThrows(IllegalArgumentException.class, () -> loop.start(ms(-1), true));
    assertFalse(loop.isRunning());
  }
}
