package io.fetchd.client.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.client.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryDeciderTest {
  private static final long NOW = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();
  private static final Duration PLENTY = Duration.ofMinutes(10);

  /** 200 ms base, 5 s ceiling, 10 s Retry-After cap. */
  private static final RetryPolicy THREE = RetryPolicy.NONE.withMaxRetries(3);

  /** A random source that must not be asked: the delay is the server's, not a backoff. */
  private static final RandomGenerator UNUSED =
      () -> {
        throw new AssertionError("the random source was used");
      };

  private static RetryDecider seeded(RetryPolicy p) {
    return new RetryDecider(p, new Random(42));
  }

  private static String httpDate(long epochMillis) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(
        Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC));
  }

  @Test
  void backoffStaysWithinTheFullJitterCeilingOfEachRetry() {
    RetryPolicy p = RetryPolicy.NONE.withMaxRetries(10);
    RetryDecider d = seeded(p);
    for (int n = 1; n <= 10; n++) {
      long ceiling = Math.min(5_000, 200L << (n - 1));
      for (int i = 0; i < 200; i++) {
        Duration delay = d.backoff(n);
        assertFalse(delay.isNegative(), "retry " + n + ": " + delay);
        assertTrue(
            delay.compareTo(Duration.ofMillis(ceiling)) <= 0,
            "retry " + n + ": " + delay + " above " + ceiling + " ms");
      }
    }
  }

  @Test
  void backoffIsSpreadOverTheWholeRange() {
    RetryDecider d = seeded(THREE);
    long below = 0;
    long above = 0;
    for (int i = 0; i < 1000; i++) {
      long ms = d.backoff(3).toMillis(); // ceiling 800 ms
      if (ms < 200) {
        below++;
      } else if (ms > 600) {
        above++;
      }
    }
    assertTrue(below > 150 && above > 150, "below=" + below + " above=" + above);
  }

  @Test
  void sameSeedGivesTheSameDelays() {
    RetryDecider a = seeded(THREE);
    RetryDecider b = seeded(THREE);
    for (int n = 1; n <= 3; n++) {
      assertEquals(a.backoff(n), b.backoff(n));
    }
  }

  @Test
  void backoffCeilingIsMaxDelayForLateRetries() {
    RetryPolicy p = RetryPolicy.NONE.withBaseDelay(Duration.ofSeconds(1)).withMaxDelay(Duration.ofSeconds(3));
    // A generator that always draws the top of the range shows the ceiling itself.
    RetryDecider top = new RetryDecider(p, maxDraw());
    assertEquals(Duration.ofSeconds(1), top.backoff(1));
    assertEquals(Duration.ofSeconds(2), top.backoff(2));
    assertEquals(Duration.ofSeconds(3), top.backoff(3));
    assertEquals(Duration.ofSeconds(3), top.backoff(10));
  }

  @ParameterizedTest(name = "retry {0}")
  @ValueSource(ints = {31, 32, 63, 64, 1000, Integer.MAX_VALUE})
  void backoffNeverOverflowsForVeryLateRetries(int n) {
    RetryPolicy p =
        RetryPolicy.NONE.withBaseDelay(Duration.ofDays(1)).withMaxDelay(Duration.ofDays(2));
    assertEquals(Duration.ofDays(2), new RetryDecider(p, maxDraw()).backoff(n));
  }

  @Test
  void zeroBaseDelayRetriesAtOnce() {
    RetryPolicy p = THREE.withBaseDelay(Duration.ZERO);
    assertEquals(Optional.of(Duration.ZERO), new RetryDecider(p, UNUSED).delay(1, null, NOW, PLENTY));
  }

  /** Draws the upper bound of every bounded request. */
  private static RandomGenerator maxDraw() {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new AssertionError("only bounded draws are expected");
      }

      @Override
      public long nextLong(long bound) {
        return bound - 1;
      }
    };
  }

  @Test
  void noRetryBeyondMaxRetries() {
    RetryDecider d = seeded(THREE);
    assertTrue(d.delay(3, null, NOW, PLENTY).isPresent());
    assertEquals(Optional.empty(), d.delay(4, null, NOW, PLENTY));
  }

  @Test
  void policyWithoutRetriesNeverRetries() {
    RetryDecider d = seeded(RetryPolicy.NONE);
    assertEquals(Optional.empty(), d.delay(1, null, NOW, PLENTY));
    assertFalse(d.retriesStatus(503));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {429, 502, 503, 504})
  void defaultRetryStatusesAreRetried(int status) {
    assertTrue(seeded(THREE).retriesStatus(status));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {200, 301, 400, 404, 408, 500, 501})
  void otherStatusesAreNotRetried(int status) {
    assertFalse(seeded(THREE).retriesStatus(status));
  }

  @Test
  void customRetryStatusesReplaceTheDefaults() {
    RetryPolicy p =
        new RetryPolicy(2, Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(10), Set.of(500));
    RetryDecider d = seeded(p);
    assertTrue(d.retriesStatus(500));
    assertFalse(d.retriesStatus(503));
  }

  @Test
  void retryAfterDeltaSecondsIsTheDelay() {
    assertEquals(
        Optional.of(Duration.ofSeconds(3)), new RetryDecider(THREE, UNUSED).delay(1, "3", NOW, PLENTY));
  }

  @Test
  void retryAfterWithSurroundingSpaceIsAccepted() {
    assertEquals(
        Optional.of(Duration.ofSeconds(2)), new RetryDecider(THREE, UNUSED).delay(1, " 2 ", NOW, PLENTY));
  }

  @Test
  void retryAfterHttpDateIsTheTimeUntilThatDate() {
    assertEquals(
        Optional.of(Duration.ofSeconds(7)),
        new RetryDecider(THREE, UNUSED).delay(1, httpDate(NOW + 7_000), NOW, PLENTY));
  }

  @Test
  void retryAfterHttpDateInThePastMeansNow() {
    assertEquals(
        Optional.of(Duration.ZERO),
        new RetryDecider(THREE, UNUSED).delay(1, httpDate(NOW - 60_000), NOW, PLENTY));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"soon", "-1", "1.5", "", "  ", "Someday, 99 Foo 2026 00:00:00 GMT"})
  void malformedRetryAfterFallsBackToBackoff(String value) {
    Optional<Duration> d = seeded(THREE).delay(1, value, NOW, PLENTY);
    assertTrue(d.isPresent());
    assertTrue(d.get().compareTo(Duration.ofMillis(200)) <= 0, d.toString());
  }

  @Test
  void retryAfterAtTheCapIsHonoured() {
    assertEquals(
        Optional.of(Duration.ofSeconds(10)), new RetryDecider(THREE, UNUSED).delay(1, "10", NOW, PLENTY));
  }

  @Test
  void retryAfterAboveTheCapEndsTheRetries() {
    assertEquals(Optional.empty(), new RetryDecider(THREE, UNUSED).delay(1, "11", NOW, PLENTY));
  }

  @Test
  void hugeRetryAfterEndsTheRetriesWithoutOverflow() {
    assertEquals(
        Optional.empty(), new RetryDecider(THREE, UNUSED).delay(1, "99999999999999999999", NOW, PLENTY));
  }

  @Test
  void retryAfterDateBeyondTheCapEndsTheRetries() {
    assertEquals(
        Optional.empty(),
        new RetryDecider(THREE, UNUSED).delay(1, httpDate(NOW + 3_600_000), NOW, PLENTY));
  }

  @Test
  void delayThatWouldReachTheDeadlineIsNotTaken() {
    RetryDecider d = new RetryDecider(THREE, UNUSED);
    assertEquals(Optional.empty(), d.delay(1, "5", NOW, Duration.ofSeconds(5)));
    assertEquals(Optional.empty(), d.delay(1, "5", NOW, Duration.ofSeconds(4)));
    assertEquals(Optional.of(Duration.ofSeconds(5)), d.delay(1, "5", NOW, Duration.ofSeconds(6)));
  }

  @Test
  void noRetryWhenNoTimeIsLeft() {
    assertEquals(Optional.empty(), seeded(THREE).delay(1, null, NOW, Duration.ZERO));
  }

  @Test
  void parseRetryAfterOfNothingIsEmpty() {
    assertEquals(Optional.empty(), RetryDecider.parseRetryAfter(null, NOW));
    assertEquals(Optional.empty(), RetryDecider.parseRetryAfter("", NOW));
  }
}
