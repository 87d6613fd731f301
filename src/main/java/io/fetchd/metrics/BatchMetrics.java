package io.fetchd.metrics;

import io.fetchd.batch.Batch;
import io.fetchd.batch.BatchEngine;
import io.fetchd.batch.BatchState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The batch engine's {@link BatchEngine.BatchEvents}: batches started, finished and cancelled,
 * their sizes and durations. Thread rule: reactor thread (as the engine calls it); never throws.
 */
public final class BatchMetrics implements BatchEngine.BatchEvents {
  private final Counter started;
  private final Counter finished;
  private final Counter cancelled;
  private final DistributionSummary size;
  private final Timer duration;

  BatchMetrics(MeterRegistry registry) {
    started = Meters.counter(registry, FetchdMeter.BATCHES_STARTED);
    finished = Meters.counter(registry, FetchdMeter.BATCHES_FINISHED);
    cancelled = Meters.counter(registry, FetchdMeter.BATCHES_CANCELLED);
    size = Meters.summary(registry, FetchdMeter.BATCH_SIZE, Meters.BATCH_SIZE_BUCKETS);
    duration = Meters.timer(registry, FetchdMeter.BATCH_DURATION, Meters.BATCH_DURATION_BUCKETS);
  }

  @Override
  public void started(Batch batch) {
    started.increment();
    size.record(batch.size());
  }

  @Override
  public void finished(Batch batch) {
    finished.increment();
    if (batch.state() == BatchState.CANCELLED) {
      cancelled.increment();
    }
    duration.record(batch.elapsed());
  }
}
