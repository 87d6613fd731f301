package io.fetchd.batch;

import io.fetchd.client.RequestOptions;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.DeferredList;
import io.fetchd.defer.Scheduler;
import io.fetchd.memory.MemoryBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Starts batches: the fan-out behind the REST front end and the command line.
 *
 * <p>It refuses work rather than queue it without bound: a batch over {@link
 * BatchLimits#maxUrlsPerBatch()} is too large; one that would exceed the running-batch or
 * queued-URL limits, or that arrives while draining, is rejected with a retry hint. It keeps only
 * running batches; jobs and their retention ({@link BatchLimits#jobRetention()}, {@link
 * BatchLimits#maxRetainedJobs()}) are the API's, which stores their outcomes encoded.
 *
 * <p>Thread rule: reactor thread only. Nothing here locks.
 */
public final class BatchEngine {
  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final Fetch fetch;
  private final Scheduler clock;
  private final BatchLimits limits;
  private final BatchEvents events;
  private final MemoryBudget budget;
  private final Map<String, Batch> running = new HashMap<>();
  private int queuedUrls;
  private boolean draining;

  /** Engine-level events, for metrics. Reactor thread; fast; never throw. */
  public interface BatchEvents {
    BatchEvents NONE = new BatchEvents() {};

    default void started(Batch batch) {}

    default void finished(Batch batch) {}
  }

  /**
   * @param budget the service's memory budget: what the engine and the API in front of it hold on
   *     clients' behalf is reserved in it ({@link #budget()})
   */
  public BatchEngine(Fetch fetch, Scheduler clock, BatchLimits limits, BatchEvents events, MemoryBudget budget) {
    this.fetch = fetch;
    this.clock = clock;
    this.limits = limits;
    this.events = events;
    this.budget = java.util.Objects.requireNonNull(budget, "budget");
  }

  /** An engine with an {@linkplain MemoryBudget#unlimited() unlimited} budget. */
  public BatchEngine(Fetch fetch, Scheduler clock, BatchLimits limits, BatchEvents events) {
    this(fetch, clock, limits, events, MemoryBudget.unlimited());
  }

  public BatchEngine(Fetch fetch, Scheduler clock, BatchLimits limits) {
    this(fetch, clock, limits, BatchEvents.NONE);
  }

  /** The memory budget shared by this engine and the API in front of it. Any thread. */
  public MemoryBudget budget() {
    return budget;
  }

  /** The clock batches run on (the reactor, or a fake clock in tests). */
  public Scheduler clock() {
    return clock;
  }

  public BatchLimits limits() {
    return limits;
  }

  /**
   * Starts a batch whose outcomes go to {@code listener}. The engine does not keep the batch after
   * it finishes: whoever wants its results (the API's job store) keeps them from the listener.
   */
  public Batch start(List<String> urls, RequestOptions options, BatchListener listener)
      throws BatchRejectedException, BatchTooLargeException {
    return launch(urls, options, listener);
  }

  private Batch launch(List<String> urls, RequestOptions options, BatchListener listener)
      throws BatchRejectedException, BatchTooLargeException {
    if (urls.size() > limits.maxUrlsPerBatch()) {
      throw new BatchTooLargeException(urls.size(), limits.maxUrlsPerBatch());
    }
    if (draining) {
      throw new BatchRejectedException("draining", "the service is shutting down", RETRY_AFTER);
    }
    if (running.size() >= limits.maxConcurrentBatches()) {
      throw new BatchRejectedException(
          "too_many_batches",
          "already running " + running.size() + " batches, the most allowed",
          RETRY_AFTER);
    }
    if ((long) queuedUrls + urls.size() > limits.maxQueuedUrls()) {
      throw new BatchRejectedException(
          "too_many_urls",
          "the service has " + queuedUrls + " URLs waiting; this batch would pass the limit of "
              + limits.maxQueuedUrls(),
          RETRY_AFTER);
    }
    String id = newId();
    Batch batch =
        new Batch(id, urls, options, fetch, clock, limits.maxInFlightPerBatch(), new Tracker(listener));
    running.put(id, batch);
    queuedUrls += urls.size();
    events.started(batch);
    batch.start();
    return batch;
  }

  private String newId() {
    String id;
    do {
      id = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE)
          + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    } while (running.containsKey(id));
    return id;
  }

  /** Keeps the engine's counters in step with a batch. */
  private final class Tracker implements BatchListener {
    private final BatchListener downstream;

    Tracker(BatchListener downstream) {
      this.downstream = downstream;
    }

    @Override
    public void onOutcome(Batch batch, UrlOutcome outcome) {
      queuedUrls--;
      downstream.onOutcome(batch, outcome);
    }

    @Override
    public void onFinished(Batch batch) {
      running.remove(batch.id());
      events.finished(batch);
      downstream.onFinished(batch);
    }
  }

  public int runningBatches() {
    return running.size();
  }

  /** URLs without an outcome across running batches. */
  public int queuedUrls() {
    return queuedUrls;
  }

  /**
   * Stops accepting batches. The Deferred fires when every running batch has finished; {@link
   * #cancelAll} hurries them.
   */
  public Deferred<Void> drain() {
    draining = true;
    List<Deferred<Batch>> waits = new ArrayList<>();
    for (Batch b : running.values()) {
      waits.add(b.whenFinished());
    }
    return new DeferredList<>(waits).deferred().addCallback(ignored -> null);
  }

  /** Cancels every running batch. */
  public void cancelAll() {
    for (Batch b : new ArrayList<>(running.values())) {
      b.cancel();
    }
  }
}
