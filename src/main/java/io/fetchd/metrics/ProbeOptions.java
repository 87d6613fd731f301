package io.fetchd.metrics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@code GET /probe} behaves. Immutable; invalid values fail at construction with the rule in
 * the message. Any thread.
 *
 * @param timeoutOffset subtracted from Prometheus's {@code X-Prometheus-Scrape-Timeout-Seconds}
 *     to give each probe's deadline, so the answer arrives before Prometheus gives up (blackbox's
 *     {@code --timeout-offset}); default 0.5 s, at least 0
 * @param modulesFile a blackbox_exporter configuration file whose {@code modules:} the probe
 *     offers (blackbox's {@code --config.file}), or null for blackbox's default {@code http_2xx}
 *     alone; default null
 */
public record ProbeOptions(Duration timeoutOffset, Path modulesFile) {
  /** The defaults listed above. */
  public static final ProbeOptions DEFAULTS = new ProbeOptions(Duration.ofMillis(500), null);

  /**
   * Without a modules file.
   *
   * @param timeoutOffset see above
   */
  public ProbeOptions(Duration timeoutOffset) {
    this(timeoutOffset, null);
  }

  public ProbeOptions {
    Objects.requireNonNull(timeoutOffset, "timeoutOffset");
    if (timeoutOffset.isNegative()) {
      throw new IllegalArgumentException("timeoutOffset must not be negative, got " + timeoutOffset);
    }
  }
}
