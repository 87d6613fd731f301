package io.fetchd.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fetchd.api.http.RequestDeadline.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestDeadlineTest {
  private static final long S = Duration.ofSeconds(1).toNanos();

  /** 30 s in all, 5 s grace, then 100 bytes per second. */
  private final RequestDeadline rules = new RequestDeadline(30 * S, 5 * S, 100);

  @Test
  void aRequestWithinBothRulesIsOk() {
    rules.start(0);
    rules.received(1000);
    assertEquals(Verdict.OK, rules.check(12 * S));
  }

  @Test
  void theRateRuleWaitsForTheGrace() {
    rules.start(0);
    assertEquals(Verdict.OK, rules.check(5 * S));
    assertEquals(Verdict.TOO_SLOW, rules.check(5 * S + 1));
  }

  @Test
  void aByteNowAndThenDoesNotRestartTheRateRule() {
    rules.start(0);
    for (int i = 1; i <= 5; i++) {
      rules.received(1);
    }
    // 5 bytes cover 50 ms past the grace.
    assertEquals(Verdict.OK, rules.check(5 * S + S / 20));
    assertEquals(Verdict.TOO_SLOW, rules.check(5 * S + S / 20 + 1));
  }

  @Test
  void theTotalLimitHoldsWhateverTheRate() {
    rules.start(7 * S);
    rules.received(1_000_000);
    assertEquals(Verdict.OK, rules.check(37 * S - 1));
    assertEquals(Verdict.TOO_LONG, rules.check(37 * S));
  }

  @Test
  void nextCheckIsWhenTheBytesReceivedStopCoveringTheRate() {
    rules.start(S);
    rules.received(200);
    assertEquals(S + 5 * S + 2 * S, rules.nextCheckAt());
    rules.received(10_000);
    assertEquals(S + 30 * S, rules.nextCheckAt(), "capped by the total limit");
  }

  @Test
  void aZeroRateTurnsTheRateRuleOff() {
    RequestDeadline totalOnly = new RequestDeadline(30 * S, 5 * S, 0);
    totalOnly.start(0);
    assertEquals(Verdict.OK, totalOnly.check(29 * S));
    assertEquals(30 * S, totalOnly.nextCheckAt());
  }

  @Test
  void startingAgainForgetsThePreviousRequest() {
    rules.start(0);
    rules.received(10_000);
    rules.start(100 * S);
    assertEquals(0, rules.bytes());
    assertEquals(Verdict.TOO_SLOW, rules.check(106 * S));
  }

  @Test
  void aNonPositiveTotalIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RequestDeadline(0, 0, 0));
  }
}
