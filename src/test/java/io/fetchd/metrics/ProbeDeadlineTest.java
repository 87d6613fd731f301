package io.fetchd.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The probe's deadline follows blackbox_exporter's getTimeout. */
class ProbeDeadlineTest {
  private static final Duration HALF = Duration.ofMillis(500);

  private static Duration of(String header, Duration module) throws Exception {
    return ProbeDeadline.of(header, module, HALF);
  }

  @Test
  void withoutTheHeaderTheScrapeTimeoutIs120SecondsLessTheOffset() throws Exception {
    assertEquals(Duration.ofMillis(119_500), of(null, Duration.ZERO));
    assertEquals(Duration.ofMillis(119_500), of("0", Duration.ZERO));
  }

  @Test
  void theHeaderLessTheOffsetBoundsTheProbe() throws Exception {
    assertEquals(HALF, of("1", Duration.ZERO));
    assertEquals(Duration.ofMillis(9_500), of("10", Duration.ofSeconds(30)));
    assertEquals(Duration.ofMillis(2_250), of("2.75", Duration.ZERO));
  }

  @Test
  void aShorterModuleTimeoutWins() throws Exception {
    assertEquals(Duration.ofMillis(200), of("1", Duration.ofMillis(200)));
  }

  @Test
  void aHeaderBelowTheOffsetFallsBackToTheModuleTimeoutOrTheMinimum() throws Exception {
    assertEquals(Duration.ofSeconds(3), of("0.2", Duration.ofSeconds(3)));
    assertEquals(ProbeDeadline.MIN, of("0.2", Duration.ZERO));
  }

  @Test
  void theOffsetIsConfigurable() throws Exception {
    assertEquals(Duration.ofMillis(900), ProbeDeadline.of("1", Duration.ZERO, Duration.ofMillis(100)));
    assertEquals(Duration.ofSeconds(1), ProbeDeadline.of("1", Duration.ZERO, Duration.ZERO));
  }

  @Test
  void aHeaderThatIsNotANonNegativeNumberIsRefused() {
    for (String bad : new String[] {"abc", "-1", "NaN", "Infinity", "1s"}) {
      ProbeDeadline.BadHeaderException e =
          assertThrows(ProbeDeadline.BadHeaderException.class, () -> of(bad, Duration.ZERO), bad);
      assertEquals("Failed to parse timeout from Prometheus header: '" + bad + "'", e.getMessage());
    }
  }
}
