package io.fetchd.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Deferred;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Twisted's time API on fetchd's clocks: negative delay(), seconds views, LoopingCall's default. */
class TwistedTimeTest {
  private final FakeClock clock = new FakeClock();
  private final List<String> ran = new ArrayList<>();

  @Test
  void negativeDelayBringsACallForwardAsInTwisted() {
    DelayedCall a = clock.callLater(Duration.ofMillis(10), () -> ran.add("a"));
    a.delay(Duration.ofMillis(-6));
    assertEquals(4_000_000L, a.time());
    clock.advance(Duration.ofMillis(4));
    assertEquals(List.of("a"), ran);
  }

  @Test
  void aCallDelayedIntoThePastRunsAtTheNextAdvanceNotInsideDelay() {
    clock.advance(Duration.ofMillis(5));
    DelayedCall a = clock.callLater(Duration.ofMillis(10), () -> ran.add("a"));
    DelayedCall b = clock.callLater(Duration.ofMillis(1), () -> ran.add("b"));
    a.delay(Duration.ofMillis(-20));
    assertEquals(List.of(), ran);
    clock.advance(Duration.ZERO);
    assertEquals(List.of("a"), ran);
    assertEquals(true, b.isActive());
  }

  @Test
  void resetWithANegativeDelayIsStillRefused() {
    DelayedCall a = clock.callLater(Duration.ofMillis(10), () -> ran.add("a"));
    assertThrows(IllegalArgumentException.class, () -> a.reset(Duration.ofMillis(-1)));
  }

  @Test
  void clockAndCallsHaveSecondsAndDurationViews() {
    clock.advance(1.5);
    DelayedCall a = clock.callLater(2, () -> ran.add("a"));
    assertEquals(1.5, clock.seconds());
    assertEquals(Duration.ofMillis(1500), clock.elapsed());
    assertEquals(3.5, a.getTime());
    assertEquals(Duration.ofMillis(3500), a.timeAsDuration());
    clock.pump(1.0, 1.0);
    assertEquals(List.of("a"), ran);
    assertEquals(3.5, clock.seconds());
  }

  @Test
  void secondsOverloadsRefuseNegativeAndNotANumber() {
    assertThrows(IllegalArgumentException.class, () -> clock.advance(-0.5));
    assertThrows(IllegalArgumentException.class, () -> clock.callLater(Double.NaN, () -> {}));
  }

  @Test
  void loopingCallStartsAtOnceByDefaultAsTwistedsNowTrue() {
    LoopingCall loop = new LoopingCall(clock, () -> ran.add("tick at " + clock.seconds()));
    loop.start(Duration.ofSeconds(1));
    assertEquals(List.of("tick at 0.0"), ran);
    clock.advance(1);
    assertEquals(List.of("tick at 0.0", "tick at 1.0"), ran);
    loop.stop();
  }

  @Test
  void loopingCallAndDeferLaterTakeSecondsAsTwistedDoes() {
    LoopingCall loop = new LoopingCall(clock, () -> ran.add("tick at " + clock.seconds()));
    loop.start(0.5);
    Deferred<String> later = DeferLater.deferLater(clock, 1.5, () -> "later at " + clock.seconds());
    later.addCallback(ran::add);
    clock.pump(0.5, 0.5, 0.5);
    // at 1.5 s, the deferLater call was scheduled first (at 0 s), so it runs before the tick
    assertEquals(
        List.of("tick at 0.0", "tick at 0.5", "tick at 1.0", "later at 1.5", "tick at 1.5"), ran);
    loop.stop();
    assertThrows(IllegalArgumentException.class, () -> new LoopingCall(clock, () -> {}).start(-1.0));
    assertThrows(IllegalArgumentException.class, () -> DeferLater.deferLater(clock, Double.NaN, () -> 1));
  }
}
