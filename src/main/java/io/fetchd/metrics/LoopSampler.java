package io.fetchd.metrics;

import io.fetchd.defer.Scheduler;
import io.fetchd.task.LoopingCall;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * Gauges over values that only the reactor thread may read ({@code HttpFetcher.openConnections},
 * {@code idleConnections}, {@code BatchEngine.queuedUrls}): a {@link LoopingCall} on the reactor
 * reads them every sample interval into volatile fields, and the scrape thread reads the fields,
 * never the sources. A gauge is 0 until its source is bound and sampled.
 *
 * <p>Thread rule: {@link #bindConnections} and {@link #bindQueuedUrls} from any thread (the
 * sources are read on the loop only); {@link #start}, {@link #stop} and {@link #sample} on the
 * scheduler's thread.
 */
final class LoopSampler {
  private static final IntSupplier ZERO = () -> 0;

  private final LoopingCall loop;
  private volatile IntSupplier openSource = ZERO;
  private volatile IntSupplier idleSource = ZERO;
  private volatile IntSupplier queuedSource = ZERO;
  private volatile int open;
  private volatile int idle;
  private volatile int queued;

  LoopSampler(MeterRegistry registry, Scheduler clock) {
    gauge(registry, FetchdMeter.CONNECTIONS_OPEN, s -> s.open);
    gauge(registry, FetchdMeter.CONNECTIONS_IDLE, s -> s.idle);
    gauge(registry, FetchdMeter.URLS_QUEUED, s -> s.queued);
    loop = new LoopingCall(clock, this::sample);
  }

  private void gauge(MeterRegistry registry, FetchdMeter m, java.util.function.ToDoubleFunction<LoopSampler> f) {
    Gauge.builder(m.meterName(), this, f).description(m.description()).strongReference(true).register(registry);
  }

  void bindConnections(IntSupplier openConnections, IntSupplier idleConnections) {
    openSource = openConnections;
    idleSource = idleConnections;
  }

  void bindQueuedUrls(IntSupplier queuedUrls) {
    queuedSource = queuedUrls;
  }

  /** Reads every source now. Scheduler thread only. */
  void sample() {
    open = openSource.getAsInt();
    idle = idleSource.getAsInt();
    queued = queuedSource.getAsInt();
  }

  void start(Duration interval) {
    if (!loop.isRunning()) {
      loop.start(interval, true);
    }
  }

  void stop() {
    if (loop.isRunning()) {
      loop.stop();
    }
  }
}
