package io.fetchd.api.json;

import io.fetchd.batch.Batch;

/**
 * Writes a batch's summary object: the shape the REST API answers with, and the
 * command line's last line. Stateless; the batch's thread (it reads a batch).
 */
public final class BatchSummary {
  private BatchSummary() {}

  /** {@code "summary":{"total","succeeded","failed","elapsedMs"}} as a field of the open object. */
  public static void writeSummaryField(JsonWriter w, Batch b) {
    w.name("summary").startObject();
    w.field("total", b.size());
    w.field("succeeded", b.succeeded());
    w.field("failed", b.failed());
    w.name("elapsedMs").millis(b.elapsed().toNanos());
    w.endObject();
  }
}
