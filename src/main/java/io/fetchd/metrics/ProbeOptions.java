package io.fetchd.metrics;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@code GET /probe} behaves. Immutable; invalid values fail at construction with the rule in
 * the message. Any thread.
 *
 * @param timeoutOffset subtracted from Prometheus's {@code X-Prometheus-Scrape-Timeout-Seconds}
 *     to give each probe's deadline, so the answer arrives before Prometheus gives up (blackbox's
 *     {@code --timeout-offset}); default 0.5 s, at least 0
 */
public record ProbeOptions(Duration timeoutOffset) {
  public static final ProbeOptions DEFAULTS = new ProbeOptions(Duration.ofMillis(500));

  public ProbeOptions {
    Objects.requireNonNull(timeoutOffset, "timeoutOffset");
    if (timeoutOffset.isNegative()) {
      throw new IllegalArgumentException("timeoutOffset must not be negative, got " + timeoutOffset);
    }
  }
}
