package io.fetchd.api.route;

import io.fetchd.api.http.ApiException;
import io.fetchd.api.http.ErrorType;
import io.fetchd.api.json.EncodedOutcomes;
import io.fetchd.api.json.JsonWriter;
import io.fetchd.api.json.ResultJson;
import io.fetchd.batch.Batch;
import io.fetchd.batch.BatchEngine;
import io.fetchd.batch.BatchLimits;
import io.fetchd.batch.BatchRejectedException;
import io.fetchd.batch.BatchTooLargeException;
import io.fetchd.batch.UrlOutcome;
import io.fetchd.client.BodyMode;
import io.fetchd.defer.Scheduler;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.memory.MemoryKind;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The jobs of {@code POST /v1/batches}, running and finished, stored compactly ({@link Job},
 * {@link EncodedOutcomes}) with every stored byte reserved as {@link MemoryKind#JOB_OUTCOMES} in
 * the service's {@link MemoryBudget}.
 *
 * <p>Retention is bounded three ways, and the oldest finished job goes first: by time ({@link
 * BatchLimits#jobRetention()} after it finished), by count (at most {@link
 * BatchLimits#maxRetainedJobs()} finished jobs) and by the budget (when a reservation would not
 * fit, finished jobs are evicted, oldest first, until it does). A job that is gone is remembered
 * in a bounded set of tombstones (the last {@value #MAX_TOMBSTONES}), so that asking for it is
 * answered 410 {@code Gone} with why and when, while an id never seen stays 404.
 *
 * <p>Admission: a new job is refused (503 {@code Overloaded} with {@code Retry-After}) when the
 * budget, counting what finished jobs could give back and what running jobs were promised, cannot
 * take its expected size ({@link #expectedBytes}); and 413 {@code TooManyUrls} when it could never
 * fit the whole budget. A running job's result is always stored: when even evicting every
 * finished job does not make room (other kinds fill the budget, or results larger than
 * expected), a result with a kept body is stored as that URL's {@code MemoryBudgetExceeded}
 * failure (as the fetcher does for a body it cannot keep), and any other result is counted past
 * the limit ({@link MemoryBudget#forceReserve}) as the last resort: new jobs and kept bodies are
 * then refused until the budget recovers, so the overshoot is bounded by the results of jobs
 * already running. Never a wrong or missing result.
 *
 * <p>Released exactly: when a job is evicted, expires or is deleted, all it reserved goes back.
 *
 * <p>Thread rule: reactor thread only.
 */
public final class JobStore {
  private static final System.Logger LOG = System.getLogger(JobStore.class.getName());

  /** Tombstones kept: the ids of the last 10,000 jobs that went. */
  static final int MAX_TOMBSTONES = 10_000;
  /** A job's own objects, beyond its index and pages. */
  public static final long JOB_OVERHEAD_BYTES = 512;
  /**
   * Expected encoded size of one result beyond twice its URL (a result names it in {@code url}
   * and in {@code finalUrl} or the error message): measured at about 180 bytes for an invalid
   * URL's result and 340 for a plain success ({@code ApiMemoryTest}); the estimate leans high.
   */
  static final long EXPECTED_RESULT_BYTES = 300;
  /** What a refused client is told to wait. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  /** Why a job went. */
  enum Reason {
    MEMORY("evicted to free memory for newer work: the memory budget (memory.budgetBytes) was full"),
    COUNT("evicted because more finished jobs than batches.maxRetainedJobs were kept"),
    EXPIRED("expired: batches.jobRetention passed since it finished"),
    DELETED("deleted by DELETE /v1/batches/{id}");

    private final String text;

    Reason(String text) {
      this.text = text;
    }
  }

  /** A job that went: why, and when (Scheduler nanos). */
  private record Tombstone(Reason reason, long finishedNanos, long goneNanos) {}

  private final MemoryBudget budget;
  private final Scheduler clock;
  private final Duration retention;
  private final int maxRetained;
  private final Map<String, Job> jobs = new HashMap<>();
  /** Finished jobs, oldest first. */
  private final LinkedHashMap<String, Job> finished = new LinkedHashMap<>();
  private final LinkedHashMap<String, Tombstone> gone =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Tombstone> eldest) {
          return size() > MAX_TOMBSTONES;
        }
      };
  /** What finished jobs hold: what eviction could give back. */
  private long finishedBytes;
  /** Bytes admitted jobs were promised and have not reserved yet. */
  private long promised;
  /** Encodes results; one root value at a time, taken as bytes at once. */
  private final JsonWriter encoder = new JsonWriter(UnpooledByteBufAllocator.DEFAULT);
  private long forcedBytes;

  JobStore(MemoryBudget budget, Scheduler clock, BatchLimits limits) {
    this.budget = Objects.requireNonNull(budget, "budget");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retention = limits.jobRetention();
    this.maxRetained = limits.maxRetainedJobs();
  }

  /** What a job of these URLs is expected to store: index, overhead and each result. */
  static long expectedBytes(List<String> urls) {
    long n = JOB_OVERHEAD_BYTES + EncodedOutcomes.indexBytes(urls.size());
    for (String u : urls) {
      n += EXPECTED_RESULT_BYTES + 2L * u.length();
    }
    return n;
  }

  /**
   * Admits and starts a job.
   *
   * @throws BatchRejectedException when the budget cannot take it now, or the engine refuses it
   * @throws BatchTooLargeException when the engine's URL limit refuses it
   * @throws ApiException 413 {@code TooManyUrls} when its results could never fit the budget
   */
  Job start(BatchEngine engine, BatchSpec spec)
      throws BatchRejectedException, BatchTooLargeException, ApiException {
    long expected = expectedBytes(spec.urls());
    if (!budget.couldEverFit(expected)) {
      budget.countRefusal(MemoryKind.JOB_OUTCOMES);
      throw new ApiException(ErrorType.TooManyUrls,
          "this job's results (about " + expected + " bytes) could never fit the memory budget of "
              + budget.limit() + " bytes (memory.budgetBytes); send fewer URLs");
    }
    long room = budget.available() + finishedBytes - promised;
    if (room < expected) {
      budget.countRefusal(MemoryKind.JOB_OUTCOMES);
      throw new BatchRejectedException("memory",
          "the memory budget cannot take this job's results now (about " + expected + " bytes; "
              + budget.used() + " of " + budget.limit() + " bytes in use)",
          RETRY_AFTER);
    }
    long fixed = JOB_OVERHEAD_BYTES + EncodedOutcomes.indexBytes(spec.urls().size());
    makeRoom(fixed);
    if (!budget.tryReserve(MemoryKind.JOB_OUTCOMES, fixed)) {
      throw new BatchRejectedException("memory",
          "the memory budget cannot take this job now (" + budget.used() + " of " + budget.limit()
              + " bytes in use)",
          RETRY_AFTER);
    }
    Job job = new Job(this, spec.options().body(), spec.urls().size());
    job.reserved = fixed;
    job.promised = expected - fixed;
    promised += job.promised;
    Batch b;
    try {
      b = engine.start(spec.urls(), spec.options(), job);
    } catch (BatchRejectedException | BatchTooLargeException | RuntimeException e) {
      promised -= job.promised;
      budget.release(MemoryKind.JOB_OUTCOMES, job.reserved);
      throw e;
    }
    job.bind(b);
    return job;
  }

  /** Called by a job when it learns its id. */
  void register(Job job) {
    jobs.put(job.id(), job);
  }

  /** Encodes {@code o} as {@link ResultJson} writes it. */
  byte[] encode(UrlOutcome o, BodyMode mode) {
    ResultJson.write(encoder, o, mode);
    return encoder.takeBytes();
  }

  /**
   * Reserves {@code bytes} for a running job's next page, evicting finished jobs, oldest first,
   * when the budget is short. Returns false, reserving nothing, when even that is not enough.
   */
  boolean tryReserveForRunning(Job job, long bytes) {
    makeRoom(bytes);
    if (!budget.tryReserve(MemoryKind.JOB_OUTCOMES, bytes)) {
      return false;
    }
    reserved(job, bytes);
    return true;
  }

  /**
   * The last resort for a running job's result that does not fit (the result is never dropped):
   * counted past the limit, so new jobs and kept bodies are refused until the budget recovers.
   */
  void forceReserveForRunning(Job job, long bytes) {
    budget.forceReserve(MemoryKind.JOB_OUTCOMES, bytes);
    if (forcedBytes == 0) {
      LOG.log(System.Logger.Level.WARNING,
          "memory budget full and no finished job left to evict: storing results of running job {0}"
              + " past the limit (new jobs are refused until it recovers)", job.id());
    }
    forcedBytes += bytes;
    reserved(job, bytes);
  }

  private void reserved(Job job, long bytes) {
    job.reserved += bytes;
    long fromPromise = Math.min(bytes, job.promised);
    job.promised -= fromPromise;
    promised -= fromPromise;
  }

  /** Evicts finished jobs, oldest first, until {@code bytes} are available or none is left. */
  private void makeRoom(long bytes) {
    while (budget.available() < bytes && !finished.isEmpty()) {
      evict(finished.values().iterator().next(), Reason.MEMORY);
    }
  }

  /** A job's batch is over: it joins the finished ones, bounded by count and time. */
  void finished(Job job, long trimmed) {
    promised -= job.promised;
    job.promised = 0;
    if (trimmed > 0) {
      budget.release(MemoryKind.JOB_OUTCOMES, trimmed);
      job.reserved -= trimmed;
    }
    job.finishedNanos = clock.nanoTime();
    finished.put(job.id(), job);
    finishedBytes += job.reserved;
    Iterator<Job> oldest = finished.values().iterator();
    while (finished.size() > maxRetained) {
      evict(oldest.next(), Reason.COUNT);
      oldest = finished.values().iterator();
    }
    if (jobs.containsKey(job.id())) {
      job.expiry = clock.callLater(retention, () -> {
        job.expiry = null;
        evict(job, Reason.EXPIRED);
      });
    }
  }

  /**
   * The job {@code id}.
   *
   * @throws ApiException 410 {@code Gone} (with why and when) for a job that went, 404 {@code
   *     NotFound} for an id never seen
   */
  Job find(String id) throws ApiException {
    Job j = jobs.get(id);
    if (j != null) {
      return j;
    }
    Tombstone t = gone.get(id);
    if (t != null) {
      long now = clock.nanoTime();
      throw new ApiException(ErrorType.Gone,
          "batch " + id + " is gone and its results are no longer kept: it was "
              + t.reason().text.replace("{id}", id) + "; " + seconds(now - t.goneNanos()) + " ago, "
              + seconds(t.goneNanos() - t.finishedNanos()) + " after it finished");
    }
    throw new ApiException(ErrorType.NotFound, "no batch " + id);
  }

  private static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1fs", Math.max(0, nanos) / 1e9);
  }

  /** Deletes a finished job now ({@code DELETE} of a job that is over). */
  void delete(Job job) {
    if (!job.running()) {
      evict(job, Reason.DELETED);
    }
  }

  private void evict(Job job, Reason reason) {
    if (jobs.remove(job.id()) == null) {
      return;
    }
    finished.remove(job.id());
    finishedBytes -= job.reserved;
    if (job.expiry != null && job.expiry.isActive()) {
      job.expiry.cancel();
    }
    job.expiry = null;
    budget.release(MemoryKind.JOB_OUTCOMES, job.reserved);
    job.reserved = 0;
    gone.put(job.id(), new Tombstone(reason, job.finishedNanos, clock.nanoTime()));
    if (budget.used() <= budget.limit()) {
      forcedBytes = 0; // back within the limit: a later overflow is logged again
    }
  }

  /** Jobs known (running and finished). */
  int size() {
    return jobs.size();
  }

  /** Finished jobs kept. */
  int finishedCount() {
    return finished.size();
  }

  /** Bytes admitted running jobs may still store without a new admission. */
  long promised() {
    return promised;
  }
}
