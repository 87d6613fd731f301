package io.fetchd.api.route;

import io.fetchd.api.http.Responder;
import io.fetchd.api.json.BatchSummary;
import io.fetchd.api.json.JsonWriter;
import io.fetchd.api.json.ResultJson;
import io.fetchd.batch.UrlOutcome;
import io.fetchd.client.BodyMode;
import io.fetchd.memory.MemoryBudget;

/**
 * {@code Accept: application/x-ndjson}: one result object per line in completion order, each as
 * soon as its outcome arrives (and the client is reading), then {@code {"summary":{...}}}.
 * Streaming and backpressure as in {@link StreamedFetchResponse}.
 *
 * <p>Thread rule: reactor thread only (it is the batch's listener).
 */
final class NdjsonFetchResponse extends StreamedFetchResponse {
  NdjsonFetchResponse(Responder out, BodyMode mode, MemoryBudget budget, UnwrittenResults unwritten) {
    super(out, FetchHandler.NDJSON, mode, budget, unwritten);
  }

  @Override
  void writeOpening(JsonWriter w) {}

  @Override
  boolean sendsEveryTurn() {
    return true;
  }

  @Override
  boolean nextIsReady() {
    return written < batch.completed();
  }

  @Override
  void writeNext(JsonWriter w) {
    UrlOutcome o = batch.outcomeInCompletionOrder(written);
    ResultJson.write(w, o, mode);
    w.newline();
    batch.release(o.index());
    releaseWritten(o);
  }

  @Override
  void writeClosing(JsonWriter w) {
    w.startObject();
    BatchSummary.writeSummaryField(w, batch);
    w.endObject();
    w.newline();
  }
}
