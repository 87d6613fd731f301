package io.fetchd.metrics;

import java.time.Duration;

/**
 * How long one probe may take, computed as blackbox_exporter computes it: the scrape timeout
 * Prometheus sends in {@code X-Prometheus-Scrape-Timeout-Seconds} (120 s when absent or 0) less
 * the offset, unless the module's own timeout is shorter (or the header less the offset is
 * negative). Pure; any thread.
 */
final class ProbeDeadline {
  /** The scrape timeout assumed when Prometheus sends none, as blackbox assumes: 120 s. */
  static final double DEFAULT_SCRAPE_TIMEOUT_SECONDS = 120;

  /** The shortest deadline handed to the fetcher (whose timeouts must be positive): 1 ms. */
  static final Duration MIN = Duration.ofMillis(1);

  private ProbeDeadline() {}

  /** Why a scrape-timeout header was refused: the text is the message of the 400 answer. */
  static final class BadHeaderException extends Exception {
    BadHeaderException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * @param header the header's value, or null when absent
   * @param moduleTimeout the module's {@code timeout}, {@link Duration#ZERO} when unset
   * @param offset subtracted from the header's value (config {@code metrics.probeTimeoutOffset})
   * @return the probe's deadline, at least {@link #MIN}
   * @throws BadHeaderException when the header is not a non-negative number
   */
  static Duration of(String header, Duration moduleTimeout, Duration offset) throws BadHeaderException {
    double scrape = 0;
    if (header != null && !header.isBlank()) {
      try {
        scrape = Double.parseDouble(header.trim());
      } catch (NumberFormatException e) {
        scrape = Double.NaN;
      }
      if (Double.isNaN(scrape) || Double.isInfinite(scrape) || scrape < 0) {
        throw new BadHeaderException("Failed to parse timeout from Prometheus header: '" + header + "'");
      }
    }
    if (scrape == 0) {
      scrape = DEFAULT_SCRAPE_TIMEOUT_SECONDS;
    }
    double max = scrape - offset.toNanos() / 1e9;
    double module = moduleTimeout.toNanos() / 1e9;
    double seconds = (module > 0 && module < max) || max < 0 ? module : max;
    Duration d = Duration.ofNanos((long) (seconds * 1e9));
    return d.compareTo(MIN) < 0 ? MIN : d;
  }
}
