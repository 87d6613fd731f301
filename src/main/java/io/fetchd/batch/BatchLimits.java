package io.fetchd.batch;

import java.time.Duration;
import java.util.Objects;

/**
 * The batch engine's limits. Immutable; invalid values fail at construction with the rule in the
 * message.
 *
 * @param maxUrlsPerBatch the most URLs one batch may hold; default 10,000
 * @param maxConcurrentBatches batches running at once; beyond it new batches are refused
 *     (overload); default 64
 * @param maxQueuedUrls URLs without an outcome across all running batches; a batch that would
 *     exceed it is refused (overload); default 200,000
 * @param maxInFlightPerBatch fetches one batch runs at once; the rest wait inside the batch, so a
 *     100,000-URL batch holds only this many fetches in memory; default 512
 * @param jobRetention how long a finished job stays readable; default 10 minutes
 * @param maxRetainedJobs finished jobs kept at most (oldest dropped first); default 1,000
 */
public record BatchLimits(
    int maxUrlsPerBatch,
    int maxConcurrentBatches,
    int maxQueuedUrls,
    int maxInFlightPerBatch,
    Duration jobRetention,
    int maxRetainedJobs) {

  public static final BatchLimits DEFAULTS =
      new BatchLimits(10_000, 64, 200_000, 512, Duration.ofMinutes(10), 1_000);

  public BatchLimits {
    atLeast("maxUrlsPerBatch", maxUrlsPerBatch, 1);
    atLeast("maxConcurrentBatches", maxConcurrentBatches, 1);
    atLeast("maxQueuedUrls", maxQueuedUrls, 1);
    atLeast("maxInFlightPerBatch", maxInFlightPerBatch, 1);
    Objects.requireNonNull(jobRetention, "jobRetention");
    if (jobRetention.isNegative()) {
      throw new IllegalArgumentException("jobRetention must not be negative, got " + jobRetention);
    }
    atLeast("maxRetainedJobs", maxRetainedJobs, 0);
  }

  private static void atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
    }
  }

  public BatchLimits withMaxUrlsPerBatch(int n) {
    return new BatchLimits(n, maxConcurrentBatches, maxQueuedUrls, maxInFlightPerBatch, jobRetention, maxRetainedJobs);
  }

  public BatchLimits withMaxConcurrentBatches(int n) {
    return new BatchLimits(maxUrlsPerBatch, n, maxQueuedUrls, maxInFlightPerBatch, jobRetention, maxRetainedJobs);
  }

  public BatchLimits withMaxQueuedUrls(int n) {
    return new BatchLimits(maxUrlsPerBatch, maxConcurrentBatches, n, maxInFlightPerBatch, jobRetention, maxRetainedJobs);
  }

  public BatchLimits withMaxInFlightPerBatch(int n) {
    return new BatchLimits(maxUrlsPerBatch, maxConcurrentBatches, maxQueuedUrls, n, jobRetention, maxRetainedJobs);
  }

  public BatchLimits withJobRetention(Duration d) {
    return new BatchLimits(maxUrlsPerBatch, maxConcurrentBatches, maxQueuedUrls, maxInFlightPerBatch, d, maxRetainedJobs);
  }

  public BatchLimits withMaxRetainedJobs(int n) {
    return new BatchLimits(maxUrlsPerBatch, maxConcurrentBatches, maxQueuedUrls, maxInFlightPerBatch, jobRetention, n);
  }
}
