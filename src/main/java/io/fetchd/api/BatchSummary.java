package io.fetchd.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.fetchd.batch.Batch;
import java.io.IOException;

/** Writes a batch's summary and counts objects. Stateless; reactor thread (it reads a batch). */
final class BatchSummary {
  private BatchSummary() {}

  /** {@code "summary":{"total","succeeded","failed","elapsedMs"}} as a field of the open object. */
  static void writeSummaryField(JsonGenerator g, Batch b) throws IOException {
    g.writeObjectFieldStart("summary");
    g.writeNumberField("total", b.size());
    g.writeNumberField("succeeded", b.succeeded());
    g.writeNumberField("failed", b.failed());
    Json.writeMillis(g, "elapsedMs", b.elapsed().toNanos());
    g.writeEndObject();
  }

  /** {@code "counts":{"total","completed","succeeded","failed","pending"}}. */
  static void writeCountsField(JsonGenerator g, Batch b) throws IOException {
    g.writeObjectFieldStart("counts");
    g.writeNumberField("total", b.size());
    g.writeNumberField("completed", b.completed());
    g.writeNumberField("succeeded", b.succeeded());
    g.writeNumberField("failed", b.failed());
    g.writeNumberField("pending", b.pending());
    g.writeEndObject();
  }
}
