package io.fetchd.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.defer.DelayedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeClockTest {
  private final FakeClock clock = new FakeClock();
  private final List<String> ran = new ArrayList<>();

  private static Duration ms(long n) {
    return Duration.ofMillis(n);
  }

  private DelayedCall record(long delayMs, String name) {
    return clock.callLater(ms(delayMs), () -> ran.add(name));
  }

  @Test
  void timeStartsAtZeroAndMovesOnlyWhenAdvanced() {
    assertEquals(0, clock.nanoTime());
    clock.advance(ms(1500));
    assertEquals(1_500_000_000L, clock.nanoTime());
    assertEquals(ms(1500), clock.elapsed());
  }

  @Test
  void callRunsWhenItsTimeComesAndNotBefore() {
    DelayedCall call = record(100, "a");
    assertEquals(100_000_000L, call.time());
    clock.advance(ms(99));
    assertEquals(List.of(), ran);
    clock.advance(ms(1));
    assertEquals(List.of("a"), ran);
    assertFalse(call.isActive());
  }

  @Test
  void dueCallsRunInTimeOrderAndTiesInSchedulingOrder() {
    record(30, "c");
    record(10, "a1");
    record(20, "b");
    record(10, "a2");
    clock.advance(ms(100));
    assertEquals(List.of("a1", "a2", "b", "c"), ran);
  }

  @Test
  void callScheduledDuringAdvanceRunsInTheSameAdvanceWhenAlreadyDue() {
    clock.callLater(ms(10), () -> {
      ran.add("first");
      record(0, "second");
    });
    clock.advance(ms(20));
    assertEquals(List.of("first", "second"), ran);
  }

  @Test
  void advanceJumpsTimeFirstSoCallsSeeTheNewTimeAndScheduleFromIt() {
    List<Long> seen = new ArrayList<>();
    clock.callLater(ms(10), () -> {
      seen.add(clock.nanoTime());
      record(5, "from the new time");
    });
    clock.advance(ms(20));
    assertEquals(List.of(20_000_000L), seen);
    assertEquals(25_000_000L, clock.getDelayedCalls().get(0).time());
    assertEquals(List.of(), ran);
  }

  @Test
  void cancelledCallNeverRuns() {
    DelayedCall call = record(10, "a");
    call.cancel();
    assertFalse(call.isActive());
    clock.advance(ms(20));
    assertEquals(List.of(), ran);
    assertTrue(clock.getDelayedCalls().isEmpty());
  }

  @Test
  void cancellingACallThatRanThrowsAlreadyRan() {
    DelayedCall call = record(10, "a");
    clock.advance(ms(10));
    assertThrows(CallAlreadyRanException.class, call::cancel);
    assertThrows(CallAlreadyRanException.class, () -> call.reset(ms(1)));
    assertThrows(CallAlreadyRanException.class, () -> call.delay(ms(1)));
  }

  @Test
  void cancellingACancelledCallThrowsAlreadyCancelled() {
    DelayedCall call = record(10, "a");
    call.cancel();
    assertThrows(CallAlreadyCancelledException.class, call::cancel);
    assertThrows(CallAlreadyCancelledException.class, () -> call.reset(ms(1)));
    assertThrows(CallAlreadyCancelledException.class, () -> call.delay(ms(1)));
  }

  @Test
  void resetCountsTheNewDelayFromNowAndReordersTheQueue() {
    DelayedCall a = record(10, "a");
    record(20, "b");
    clock.advance(ms(5));
    a.reset(ms(30));
    assertEquals(35_000_000L, a.time());
    clock.advance(ms(20));
    assertEquals(List.of("b"), ran);
    clock.advance(ms(10));
    assertEquals(List.of("b", "a"), ran);
  }

  @Test
  void resetCanBringACallSooner() {
    record(20, "b");
    DelayedCall a = record(50, "a");
    a.reset(ms(10));
    clock.advance(ms(10));
    assertEquals(List.of("a"), ran);
  }

  @Test
  void delayPushesTheCallBackFromItsOwnTime() {
    DelayedCall a = record(10, "a");
    record(15, "b");
    clock.advance(ms(5));
    a.delay(ms(20));
    assertEquals(30_000_000L, a.time());
    clock.advance(ms(24));
    assertEquals(List.of("b"), ran);
    clock.advance(ms(1));
    assertEquals(List.of("b", "a"), ran);
  }

  @Test
  void getDelayedCallsListsPendingCallsEarliestFirst() {
    DelayedCall late = record(30, "late");
    DelayedCall early = record(10, "early");
    List<DelayedCall> calls = clock.getDelayedCalls();
    assertEquals(2, calls.size());
    assertSame(early, calls.get(0));
    assertSame(late, calls.get(1));
    assertThrows(UnsupportedOperationException.class, () -> calls.remove(0));
  }

  @Test
  void pumpAdvancesStepByStep() {
    List<Long> times = new ArrayList<>();
    clock.callLater(ms(10), () -> times.add(clock.nanoTime()));
    clock.callLater(ms(25), () -> times.add(clock.nanoTime()));
    clock.pump(ms(15), ms(15));
    assertEquals(List.of(15_000_000L, 30_000_000L), times);
  }

  @Test
  void negativeDelaysAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> record(-1, "a"));
    assertThrows(IllegalArgumentException.class, () -> clock.advance(ms(-1)));
    DelayedCall a = record(1, "a");
    assertThrows(IllegalArgumentException.class, () -> a.reset(ms(-1)));
  }

  @Test
  void exceptionFromACallPropagatesOutOfAdvanceAndLaterCallsStayQueued() {
    clock.callLater(ms(10), () -> {
      throw new IllegalStateException("boom");
    });
    record(10, "after");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> clock.advance(ms(10)));
    assertEquals("boom", e.getMessage());
    assertEquals(List.of(), ran);
    clock.advance(Duration.ZERO);
    assertEquals(List.of("after"), ran);
  }
}
