package io.fetchd.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Builds the meters of {@link FetchdMeter} with their description, unit and explicit buckets, so
 * every place that registers a meter agrees on its shape. Any thread (Micrometer registries are
 * thread-safe); callers look meters up once and keep them.
 */
final class Meters {
  private Meters() {}

  /** Network latency, 1 ms to 60 s. */
  static final Duration[] LATENCY_BUCKETS =
      seconds(.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60);

  /** Event loop lag, 1 ms to 5 s. */
  static final Duration[] LAG_BUCKETS =
      seconds(.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5);

  /** Batch wall time, 100 ms to 10 minutes. */
  static final Duration[] BATCH_DURATION_BUCKETS =
      seconds(.1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600);

  /** Response body sizes, 256 B to 64 MiB. */
  static final double[] SIZE_BUCKETS = {
    256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864
  };

  /** URLs per batch. */
  static final double[] BATCH_SIZE_BUCKETS = {1, 5, 10, 50, 100, 500, 1000, 5000, 10000};

  static Counter counter(MeterRegistry registry, FetchdMeter m, String... tags) {
    check(m, FetchdMeter.Kind.COUNTER, tags);
    return Counter.builder(m.meterName()).description(m.description()).tags(Tags.of(tags)).register(registry);
  }

  static Timer timer(MeterRegistry registry, FetchdMeter m, Duration[] buckets, String... tags) {
    check(m, FetchdMeter.Kind.TIMER, tags);
    return Timer.builder(m.meterName())
        .description(m.description())
        .tags(Tags.of(tags))
        .serviceLevelObjectives(buckets)
        .register(registry);
  }

  static DistributionSummary summary(MeterRegistry registry, FetchdMeter m, double[] buckets, String... tags) {
    check(m, FetchdMeter.Kind.SUMMARY, tags);
    return DistributionSummary.builder(m.meterName())
        .description(m.description())
        .baseUnit(m.baseUnit())
        .tags(Tags.of(tags))
        .serviceLevelObjectives(buckets)
        .register(registry);
  }

  /** Fails fast when code and enum disagree on a meter's kind or tag keys. */
  static void check(FetchdMeter m, FetchdMeter.Kind kind, String... tags) {
    if (m.kind() != kind) {
      throw new IllegalArgumentException(m + " is a " + m.kind() + ", not a " + kind);
    }
    if (tags.length != 2 * m.tagKeys().size()) {
      throw new IllegalArgumentException(m + " takes tags " + m.tagKeys());
    }
    for (int i = 0; i < m.tagKeys().size(); i++) {
      if (!m.tagKeys().get(i).equals(tags[2 * i])) {
        throw new IllegalArgumentException(m + " takes tags " + m.tagKeys() + " in that order");
      }
    }
  }

  private static Duration[] seconds(double... values) {
    Duration[] out = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
    }
    return out;
  }
}
