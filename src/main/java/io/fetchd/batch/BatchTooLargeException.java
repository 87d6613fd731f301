package io.fetchd.batch;

/** Raised when a batch holds more URLs than {@link BatchLimits#maxUrlsPerBatch()} allows. */
public final class BatchTooLargeException extends Exception {
  private final int limit;

  public BatchTooLargeException(int size, int limit) {
    super("a batch may hold at most " + limit + " URLs, got " + size);
    this.limit = limit;
  }

  public int limit() {
    return limit;
  }
}
