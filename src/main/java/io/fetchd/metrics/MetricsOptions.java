package io.fetchd.metrics;

import java.time.Duration;
import java.util.Objects;

/**
 * How fetchd's metrics are kept. Immutable; invalid values fail at construction with the rule in
 * the message. Any thread.
 *
 * @param maxUrlSeries the most per-URL latency series kept at once; outcomes of further URLs are
 *     counted in {@code fetchd_url_series_dropped_total}; default 1,000
 * @param maxHostSeries the most per-host latency series kept at once; default 500
 * @param seriesIdleTimeout a per-URL or per-host series not observed for this long is removed from
 *     the registry; default 10 minutes
 * @param keepQueryString whether the per-URL label keeps the query string (userinfo and fragment
 *     are always dropped); default false
 * @param loopLagInterval how often the lag probe task runs on each event loop; default 100 ms
 * @param sampleInterval how often loop-confined values (pooled connections, queued URLs) are read
 *     on the reactor loop for the gauges; default 1 s
 * @param jvmMetrics whether the JVM and process binders are registered; default true
 * @param revision the build's source revision for {@code fetchd_build_info}; default the system
 *     property {@code fetchd.revision}, else the build's ({@link io.fetchd.client.Version#REVISION})
 */
public record MetricsOptions(
    int maxUrlSeries,
    int maxHostSeries,
    Duration seriesIdleTimeout,
    boolean keepQueryString,
    Duration loopLagInterval,
    Duration sampleInterval,
    boolean jvmMetrics,
    String revision) {

  public static final MetricsOptions DEFAULTS =
      new MetricsOptions(
          1000, 500, Duration.ofMinutes(10), false, Duration.ofMillis(100), Duration.ofSeconds(1),
          true, System.getProperty("fetchd.revision", io.fetchd.client.Version.REVISION));

  public MetricsOptions {
    if (maxUrlSeries < 0) {
      throw new IllegalArgumentException("maxUrlSeries must be >= 0, got " + maxUrlSeries);
    }
    if (maxHostSeries < 0) {
      throw new IllegalArgumentException("maxHostSeries must be >= 0, got " + maxHostSeries);
    }
    positive("seriesIdleTimeout", seriesIdleTimeout);
    positive("loopLagInterval", loopLagInterval);
    positive("sampleInterval", sampleInterval);
    Objects.requireNonNull(revision, "revision");
    if (revision.isBlank()) {
      revision = "unknown";
    }
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  public MetricsOptions withMaxUrlSeries(int n) {
    return new MetricsOptions(n, maxHostSeries, seriesIdleTimeout, keepQueryString, loopLagInterval, sampleInterval, jvmMetrics, revision);
  }

  public MetricsOptions withMaxHostSeries(int n) {
    return new MetricsOptions(maxUrlSeries, n, seriesIdleTimeout, keepQueryString, loopLagInterval, sampleInterval, jvmMetrics, revision);
  }

  public MetricsOptions withSeriesIdleTimeout(Duration d) {
    return new MetricsOptions(maxUrlSeries, maxHostSeries, d, keepQueryString, loopLagInterval, sampleInterval, jvmMetrics, revision);
  }

  public MetricsOptions withKeepQueryString(boolean keep) {
    return new MetricsOptions(maxUrlSeries, maxHostSeries, seriesIdleTimeout, keep, loopLagInterval, sampleInterval, jvmMetrics, revision);
  }

  public MetricsOptions withLoopLagInterval(Duration d) {
    return new MetricsOptions(maxUrlSeries, maxHostSeries, seriesIdleTimeout, keepQueryString, d, sampleInterval, jvmMetrics, revision);
  }

  public MetricsOptions withSampleInterval(Duration d) {
    return new MetricsOptions(maxUrlSeries, maxHostSeries, seriesIdleTimeout, keepQueryString, loopLagInterval, d, jvmMetrics, revision);
  }

  public MetricsOptions withJvmMetrics(boolean on) {
    return new MetricsOptions(maxUrlSeries, maxHostSeries, seriesIdleTimeout, keepQueryString, loopLagInterval, sampleInterval, on, revision);
  }

  public MetricsOptions withRevision(String r) {
    return new MetricsOptions(maxUrlSeries, maxHostSeries, seriesIdleTimeout, keepQueryString, loopLagInterval, sampleInterval, jvmMetrics, r);
  }
}
