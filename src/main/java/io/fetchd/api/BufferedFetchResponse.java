package io.fetchd.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.fetchd.batch.Batch;
import io.fetchd.batch.BatchState;
import io.fetchd.client.BodyMode;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Answers a batch once every URL has an outcome: {@code {"batchId","results":[...input
 * order...],"summary":{...}}}, written in slices ({@link SlicedResponse}).
 *
 * <p>Thread rule: reactor thread only (it is the batch's listener).
 */
final class BufferedFetchResponse implements FetchHandler.FetchResponse {
  private final Responder out;
  private final BodyMode mode;
  private Batch batch;
  private Runnable done;
  private boolean written;

  BufferedFetchResponse(Responder out, BodyMode mode) {
    this.out = out;
    this.mode = mode;
  }

  @Override
  public void begin(Batch b, Runnable onDone) {
    this.batch = b;
    this.done = onDone;
    if (b.state() != BatchState.RUNNING) {
      write();
    }
  }

  @Override
  public void onFinished(Batch b) {
    if (batch != null) {
      write();
    }
  }

  private void write() {
    if (written) {
      return;
    }
    written = true;
    done.run();
    Batch b = batch;
    int n = b.size();
    int[] next = {-1};
    SlicedResponse.send(
        out,
        HttpResponseStatus.OK,
        (JsonGenerator g) -> {
          int i = next[0]++;
          if (i < 0) {
            g.writeStartObject();
            g.writeStringField("batchId", b.id());
            g.writeArrayFieldStart("results");
          } else if (i < n) {
            ResultJson.write(g, b.outcome(i), mode);
          } else {
            g.writeEndArray();
            BatchSummary.writeSummaryField(g, b);
            g.writeEndObject();
            return false;
          }
          return true;
        });
  }
}
