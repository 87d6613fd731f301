package io.fetchd.metrics;

import io.fetchd.client.FetchRequest;
import io.fetchd.client.FetchResult;
import io.fetchd.client.Hop;
import io.fetchd.client.Timings;
import io.fetchd.task.FakeClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;

/** Known outcomes to feed the listener with, and metrics on a fake clock. */
final class Fixtures {
  private Fixtures() {}

  static Duration ms(long n) {
    return Duration.ofMillis(n);
  }

  static Timings timings(Duration total) {
    return new Timings(null, null, ms(1), null, ms(2), ms(3), total);
  }

  static FetchResult result(String url, int status, long bytes, Duration total) {
    Timings t = timings(total);
    return new FetchResult(
        url, url, status, List.of(), "text/plain", bytes, null, null, 1, List.of(total), false,
        List.of(new Hop(url, status, t, false)), null, t);
  }

  static FetchRequest get(String url) {
    return FetchRequest.get(url);
  }

  /** Metrics on {@code clock}, without the JVM binders and without a reactor. */
  static FetchdMetrics onFakeClock(FakeClock clock, MetricsOptions options) {
    return new FetchdMetrics(
        null, clock, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), options.withJvmMetrics(false));
  }

  static FetchdMetrics onFakeClock(FakeClock clock) {
    return onFakeClock(clock, MetricsOptions.DEFAULTS);
  }

  static ScrapeText scrape(FetchdMetrics m) {
    return ScrapeText.parse(m.scrape().body());
  }
}
