package io.fetchd.api.route;

import io.fetchd.api.http.Responder;
import io.fetchd.api.json.BatchSummary;
import io.fetchd.api.json.JsonWriter;
import io.fetchd.api.json.ResultJson;
import io.fetchd.batch.UrlOutcome;
import io.fetchd.client.BodyMode;
import io.fetchd.memory.MemoryBudget;
import io.netty.handler.codec.http.HttpHeaderValues;

/**
 * The default answer: one JSON document, {@code {"batchId","results":[...input
 * order...],"summary":{...}}}. The document is complete only when the batch is, but it is not
 * held back until then: the response head goes out when the batch starts, and the document in
 * chunks of about {@link SlicedResponse#CHUNK_BYTES} as its in-order prefix grows (a result is
 * written once it and every result before it in input order have arrived, so a slow first URL
 * holds the rest back until it ends). The client sees the same bytes as if the document had been
 * written at the end; the service never holds it whole, and the work of writing it is spread over
 * the batch instead of falling on the loop at the end. Streaming and backpressure as in {@link
 * StreamedFetchResponse}.
 *
 * <p>Thread rule: reactor thread only (it is the batch's listener).
 */
final class JsonFetchResponse extends StreamedFetchResponse {
  JsonFetchResponse(Responder out, BodyMode mode, MemoryBudget budget, UnwrittenResults unwritten) {
    super(out, HttpHeaderValues.APPLICATION_JSON, mode, budget, unwritten);
  }

  @Override
  void writeOpening(JsonWriter w) {
    w.startObject();
    w.field("batchId", batch.id());
    w.name("results").startArray();
  }

  @Override
  boolean sendsEveryTurn() {
    return false; // nobody can use the document before its end: whole chunks only
  }

  @Override
  boolean nextIsReady() {
    return written < batch.size() && batch.outcome(written) != null;
  }

  @Override
  void writeNext(JsonWriter w) {
    UrlOutcome o = batch.outcome(written);
    ResultJson.write(w, o, mode);
    batch.release(written);
    releaseWritten(o);
  }

  @Override
  void writeClosing(JsonWriter w) {
    w.endArray();
    BatchSummary.writeSummaryField(w, batch);
    w.endObject();
  }
}
