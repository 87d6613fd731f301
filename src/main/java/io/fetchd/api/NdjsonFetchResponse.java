package io.fetchd.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.fetchd.batch.UrlOutcome;
import io.fetchd.client.BodyMode;
import java.io.IOException;

/**
 * {@code Accept: application/x-ndjson}: one result object per line in completion order, each as
 * soon as its outcome arrives (and the client is reading), then {@code {"summary":{...}}}.
 * Streaming and backpressure as in {@link StreamedFetchResponse}.
 *
 * <p>Thread rule: reactor thread only (it is the batch's listener).
 */
final class NdjsonFetchResponse extends StreamedFetchResponse {
  NdjsonFetchResponse(Responder out, BodyMode mode) {
    super(out, FetchHandler.NDJSON, mode);
  }

  @Override
  void writeOpening(JsonGenerator g) {}

  @Override
  boolean sendsEveryTurn() {
    return true;
  }

  @Override
  boolean nextIsReady() {
    return written < batch.completed();
  }

  @Override
  void writeNext(JsonGenerator g) throws IOException {
    UrlOutcome o = batch.outcomeInCompletionOrder(written);
    ResultJson.write(g, o, mode);
    g.writeRaw('\n');
    batch.release(o.index());
  }

  @Override
  void writeClosing(JsonGenerator g) throws IOException {
    g.writeStartObject();
    BatchSummary.writeSummaryField(g, batch);
    g.writeEndObject();
    g.writeRaw('\n');
  }
}
