package io.fetchd.batch;

import io.fetchd.client.RequestOptions;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.DeferredList;
import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Scheduler;
import io.fetchd.memory.MemoryBudget;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Starts batches and keeps jobs: the fan-out behind the REST front end and the command line.
 *
 * <p>It refuses work rather than queue it without bound: a batch over {@link
 * BatchLimits#maxUrlsPerBatch()} is too large; one that would exceed the running-batch or
 * queued-URL limits, or that arrives while draining, is rejected with a retry hint. Jobs (batches
 * started with {@link #startJob}) stay readable until {@link BatchLimits#jobRetention()} after
 * they finish, and at most {@link BatchLimits#maxRetainedJobs()} finished ones are kept.
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
  private final Map<String, Batch> jobs = new LinkedHashMap<>();
  private final ArrayDeque<String> finishedJobs = new ArrayDeque<>();
  private final Map<String, DelayedCall> expiries = new HashMap<>();
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

  public BatchLimits limits() {
    return limits;
  }

  /**
   * Starts a batch whose outcomes go to {@code listener}. The batch is not kept after it
   * finishes.
   */
  public Batch start(List<String> urls, RequestOptions options, BatchListener listener)
      throws BatchRejectedException, BatchTooLargeException {
    return launch(urls, options, listener, false);
  }

  /** Starts a batch kept as a job, readable with {@link #job} until it expires. */
  public Batch startJob(List<String> urls, RequestOptions options)
      throws BatchRejectedException, BatchTooLargeException {
    return launch(urls, options, BatchListener.NONE, true);
  }

  private Batch launch(List<String> urls, RequestOptions options, BatchListener listener, boolean job)
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
    if (job) {
      jobs.put(id, batch);
    }
    events.started(batch);
    batch.start();
    return batch;
  }

  private String newId() {
    String id;
    do {
      id = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE)
          + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    } while (running.containsKey(id) || jobs.containsKey(id));
    return id;
  }

  /** Keeps the engine's counters and the job store in step with a batch. */
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
      if (jobs.containsKey(batch.id())) {
        retain(batch.id());
      }
      events.finished(batch);
      downstream.onFinished(batch);
    }
  }

  private void retain(String id) {
    finishedJobs.addLast(id);
    while (finishedJobs.size() > limits.maxRetainedJobs()) {
      drop(finishedJobs.pollFirst());
    }
    if (jobs.containsKey(id)) {
      expiries.put(id, clock.callLater(limits.jobRetention(), () -> {
        expiries.remove(id);
        finishedJobs.remove(id);
        jobs.remove(id);
      }));
    }
  }

  private void drop(String id) {
    jobs.remove(id);
    DelayedCall expiry = expiries.remove(id);
    if (expiry != null && expiry.isActive()) {
      expiry.cancel();
    }
  }

  /** A job by id, running or finished and not yet expired. */
  public Optional<Batch> job(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  /** Cancels a job; false when no such job is known. */
  public boolean cancelJob(String id) {
    Batch b = jobs.get(id);
    if (b == null) {
      return false;
    }
    b.cancel();
    return true;
  }

  public int runningBatches() {
    return running.size();
  }

  /** URLs without an outcome across running batches. */
  public int queuedUrls() {
    return queuedUrls;
  }

  public boolean isDraining() {
    return draining;
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
