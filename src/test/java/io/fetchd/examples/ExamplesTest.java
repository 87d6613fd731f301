package io.fetchd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.defer.Deferred;
import io.fetchd.defer.Failure;
import io.fetchd.reactor.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tutorial programs on the fake clock: each prints what the tutorial says, when it says. */
class ExamplesTest {
  private final FakeClock clock = new FakeClock();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private List<String> lines() {
    String s = bytes.toString(StandardCharsets.UTF_8);
    return s.isEmpty() ? List.of() : List.of(s.split("\n"));
  }

  /** The result a Deferred has now; fails when it has none or a Failure. */
  private static <T> T resultOf(Deferred<T> d) {
    Object[] seen = {null, null};
    boolean[] arrived = {false};
    d.addBothPassThrough(
        (v, f) -> {
          arrived[0] = true;
          seen[0] = v;
          seen[1] = f;
        });
    assertTrue(arrived[0], "no result yet: " + d);
    if (seen[1] != null) {
      throw new AssertionError("failed: " + ((Failure) seen[1]).getTraceback());
    }
    @SuppressWarnings("unchecked")
    T value = (T) seen[0];
    return value;
  }

  /** Fails when the Deferred has a result at the end of its chain now. */
  private static void assertNoResult(Deferred<?> d) {
    boolean[] arrived = {false};
    d.addBothPassThrough((v, f) -> arrived[0] = true);
    assertFalse(arrived[0], "expected no result yet: " + d);
  }

  @Test
  void printLaterPrintsAfterOneSecondAndNotBefore() {
    Deferred<Void> d = PrintLater.run(clock, out);
    clock.advance(Duration.ofMillis(999));
    assertEquals(List.of(), lines());
    assertNoResult(d);
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of(PrintLater.MESSAGE), lines());
    assertTrue(d.isCalled());
  }

  @Test
  void printLaterTwiceRunsBothPassThroughCallbacksWhenCallLaterFires() {
    Deferred<String> d = PrintLaterTwice.run(clock, out, "ping");
    clock.advance(0.5);
    assertEquals(List.of(), lines());
    clock.advance(0.5);
    assertEquals(List.of("first callback got: ping", "second callback got: ping"), lines());
    assertEquals("ping", resultOf(d));
  }

  @Test
  void slowMultiplyFiresAfterThreeSeconds() {
    Deferred<Long> d = SlowMultiply.run(clock, out, 6, 7);
    clock.advance(2.999);
    assertEquals(List.of("multiplying 6 by 7..."), lines());
    clock.advance(0.001);
    assertEquals(List.of("multiplying 6 by 7...", "6 * 7 = 42"), lines());
    assertEquals(42L, resultOf(d));
  }

  @Test
  void fateOnTheTinyEventManagerExplodesTheShortFuseFirst() throws InterruptedException {
    TinyEventManager events = new TinyEventManager();
    Fate.schedule(events, out);
    events.run(clock::advance);
    assertEquals(
        List.of(
            "[ 0.0 s] the Mad Hatter lights the long fuse and hands it on",
            "[ 0.0 s] the long fuse is lit, burning for 3.0 s",
            "[ 0.0 s] the Mad Hatter lights the short fuse and hands it on",
            "[ 0.0 s] the short fuse is lit, burning for 1.0 s",
            "[ 1.0 s] the short fuse has burnt out",
            "[ 1.0 s] BANG! the blue firecracker explodes",
            "[ 3.0 s] the long fuse has burnt out",
            "[ 3.0 s] BANG! the red firecracker explodes"),
        lines());
    assertEquals(Duration.ofSeconds(3), clock.elapsed());
  }

  @Test
  void fateOnTheReactorTellsTheSameStoryWithDeferreds() throws InterruptedException {
    TinyEventManager events = new TinyEventManager();
    Fate.schedule(events, out);
    events.run(new FakeClock()::advance);
    List<String> tiny = lines();
    bytes.reset();

    Deferred<List<Double>> both = FateDeferred.run(clock, out);
    clock.advance(1);
    assertNoResult(both);
    clock.advance(2);
    assertEquals(List.of(3.0, 1.0), resultOf(both));
    assertEquals(tiny, lines());
  }

  @Test
  void eachFuseOfTheChainLightsTheNextAndTheLastSetsOffTheFirecracker() {
    Deferred<Double> bang = FuseChain.run(clock, out, List.of(1.0, 2.0, 0.5));
    clock.pump(1.0, 2.0, 0.4);
    assertNoResult(bang);
    clock.advance(0.1);
    assertEquals(3.5, resultOf(bang));
    assertEquals(
        List.of(
            "[ 0.0 s] fuse 1 is lit, burning for 1.0 s",
            "[ 1.0 s] fuse 1 has burnt out",
            "[ 1.0 s] fuse 2 is lit, burning for 2.0 s",
            "[ 3.0 s] fuse 2 has burnt out",
            "[ 3.0 s] fuse 3 is lit, burning for 0.5 s",
            "[ 3.5 s] fuse 3 has burnt out",
            "[ 3.5 s] BANG! the firecracker explodes"),
        lines());
  }

  @Test
  void aLongChainOfFusesRunsInConstantStack() {
    List<Double> fuses = java.util.Collections.nCopies(10_000, 0.0);
    Deferred<Double> bang = FuseChain.run(clock, new PrintStream(java.io.OutputStream.nullOutputStream()), fuses);
    clock.advance(Duration.ZERO);
    assertEquals(0.0, resultOf(bang));
  }

  @Test
  void theCommandLineClockCountsTheStoryFromZero() {
    clock.advance(100);
    io.fetchd.defer.Scheduler story = ExampleMain.startingNow(clock);
    assertEquals(0.0, story.seconds());
    boolean[] ran = {false};
    story.callLater(1.5, () -> ran[0] = true);
    clock.advance(1.5);
    assertTrue(ran[0]);
    assertEquals(1.5, story.seconds());
  }
}
