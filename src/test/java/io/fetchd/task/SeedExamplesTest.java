package io.fetchd.task;

import static io.fetchd.task.DeferredAssertions.assertNoResult;
import static io.fetchd.task.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fetchd.defer.Deferred;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three seed examples from the issue, run on the fake clock. */
class SeedExamplesTest {
  private final FakeClock clock = new FakeClock();
  private final List<String> log = new ArrayList<>();

  @Test
  void deferLaterPrintsAMessageAfterOneSecond() {
    DeferLater.deferLater(clock, Duration.ofSeconds(1), () -> log.add("hello after 1 s"));

    clock.advance(Duration.ofMillis(999));
    assertEquals(List.of(), log);
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of("hello after 1 s"), log);
    assertEquals(1_000_000_000L, clock.nanoTime());
  }

  @Test
  void twoPassThroughCallbacksSeeTheValueInOrder() {
    Deferred<String> d = new Deferred<>();
    d.addCallback(value -> {
      log.add("first saw " + value);
      return value;
    });
    d.addCallback(value -> {
      log.add("second saw " + value);
      return value;
    });
    clock.callLater(Duration.ofMillis(500), () -> d.callback("ping"));

    clock.advance(Duration.ofMillis(499));
    assertEquals(List.of(), log);
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of("first saw ping", "second saw ping"), log);
    assertEquals("ping", successResultOf(d));
  }

  private static final int LAST_FUSE = 5;

  /** Fuse n burns for n ms; when it goes out its handler lights fuse n + 1, the last one the bomb. */
  private void light(int n, Deferred<Long> bang) {
    DeferLater.deferLater(clock, Duration.ofMillis(n), () -> n)
        .addCallback(
            burnt -> {
              log.add("fuse " + burnt + " out at " + clock.nanoTime() / 1_000_000 + " ms");
              if (burnt == LAST_FUSE) {
                bang.callback(clock.nanoTime());
              } else {
                light(burnt + 1, bang);
              }
              return null;
            });
  }

  @Test
  void aChainOfFusesWhereEachHandlerLightsTheNext() {
    Deferred<Long> bang = new Deferred<>();
    light(1, bang);

    for (int ms = 1; ms <= 14; ms++) {
      clock.advance(Duration.ofMillis(1));
    }
    assertNoResult(bang);
    assertEquals(
        List.of("fuse 1 out at 1 ms", "fuse 2 out at 3 ms", "fuse 3 out at 6 ms", "fuse 4 out at 10 ms"),
        log);
    clock.advance(Duration.ofMillis(1));
    assertEquals(15_000_000L, successResultOf(bang));
    assertEquals("fuse 5 out at 15 ms", log.get(4));
    assertEquals(5, log.size());
  }
}
