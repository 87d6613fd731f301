package io.fetchd.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.task.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void lineShowsDoneFailedRateAndEta() {
    assertEquals("50/100 done, 2 failed, 25.0/s, ETA 2s", Progress.render(50, 100, 2, 2_000_000_000L));
  }

  @Test
  void etaIsUnknownBeforeAnythingIsDone() {
    assertEquals("0/10 done, 0 failed, 0.0/s, ETA ?", Progress.render(0, 10, 0, 1_000_000_000L));
  }

  @Test
  void longEtaIsShownInMinutes() {
    assertEquals("10/1000 done, 0 failed, 1.0/s, ETA 16m30s", Progress.render(10, 1000, 0, 10_000_000_000L));
  }

  @Test
  void redrawsAtMostEveryTwoHundredMillisecondsAndErasesAtTheEnd() {
    FakeClock clock = new FakeClock();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress p = new Progress(clock, new PrintStream(bytes, true, StandardCharsets.UTF_8), 10);
    p.start();
    for (int i = 0; i < 10; i++) {
      p.record(i != 3);
      clock.advance(Duration.ofMillis(50));
    }
    String drawn = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(3, drawn.chars().filter(c -> c == '\r').count(), drawn); // at 0, 200 and 400 ms
    assertTrue(drawn.contains("8/10 done, 1 failed"), drawn);
    p.finish();
    String after = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(after.endsWith("\r"), after);
    clock.advance(Duration.ofSeconds(1));
    assertEquals(after, bytes.toString(StandardCharsets.UTF_8), "no redraw after finish");
  }
}
