package io.fetchd.memory;

/**
 * What a reservation in the {@link MemoryBudget} holds. Each kind is exported as its own series
 * ({@code fetchd_memory_budget_used_bytes{kind}}), named by {@link #label()}.
 */
public enum MemoryKind {
  /** Request bodies being received, across all connections. */
  REQUEST_BODIES("request_bodies"),
  /** Finished jobs' outcomes, stored encoded. */
  JOB_OUTCOMES("job_outcomes"),
  /** Response bodies kept for a result ({@code body: text|base64}) until they are written out. */
  KEPT_BODIES("kept_bodies"),
  /** Response bytes written to clients and not yet taken by the kernel (slow readers). */
  QUEUED_RESPONSES("queued_responses"),
  /**
   * Results of {@code POST /v1/fetch} batches not yet written to their client (the URLs and their
   * outcomes as objects, estimated): reserved for the whole batch when it is admitted, released as
   * each result is written.
   */
  UNWRITTEN_RESULTS("unwritten_results");

  private final String label;

  MemoryKind(String label) {
    this.label = label;
  }

  /** The kind's label value in metrics: lower snake case, stable. */
  public String label() {
    return label;
  }
}
