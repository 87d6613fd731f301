package io.fetchd.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.fetchd.batch.Batch;
import io.fetchd.batch.BatchState;
import io.fetchd.batch.UrlOutcome;
import io.fetchd.client.BodyMode;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;

/**
 * Streams a batch as NDJSON: one result object per line, in completion order, each flushed the
 * moment its outcome arrives; then {@code {"summary":{...}}} and the end of the response. Nothing
 * is held back until the end. A write to a closed connection is skipped (the batch is being
 * cancelled by then).
 *
 * <p>Thread rule: reactor thread only (it is the batch's listener).
 */
final class NdjsonFetchResponse implements FetchHandler.FetchResponse {
  private static final System.Logger LOG = System.getLogger(NdjsonFetchResponse.class.getName());

  private final Responder out;
  private final BodyMode mode;
  private Batch batch;
  private Runnable done;
  private JsonStream json;
  private int written;
  private boolean ended;

  NdjsonFetchResponse(Responder out, BodyMode mode) {
    this.out = out;
    this.mode = mode;
  }

  @Override
  public void begin(Batch b, Runnable onDone) {
    this.batch = b;
    this.done = onDone;
    out.startStream(HttpResponseStatus.OK, FetchHandler.NDJSON);
    json = new JsonStream(out.alloc());
    pump();
    if (b.state() != BatchState.RUNNING) {
      finish();
    }
  }

  @Override
  public void onOutcome(Batch b, UrlOutcome outcome) {
    if (batch != null) {
      pump();
    }
  }

  @Override
  public void onFinished(Batch b) {
    if (batch != null) {
      finish();
    }
  }

  private void pump() {
    if (ended) {
      return;
    }
    if (!out.isOpen()) {
      written = batch.completed();
      return;
    }
    try {
      JsonGenerator g = json.generator();
      while (written < batch.completed()) {
        ResultJson.write(g, batch.outcomeInCompletionOrder(written++), mode);
        g.writeRaw('\n');
      }
      ByteBuf chunk = json.take();
      if (chunk.isReadable()) {
        out.writeChunk(chunk);
      } else {
        chunk.release();
      }
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  private void finish() {
    pump();
    if (ended) {
      return;
    }
    ended = true;
    done.run();
    try {
      JsonGenerator g = json.generator();
      g.writeStartObject();
      BatchSummary.writeSummaryField(g, batch);
      g.writeEndObject();
      g.writeRaw('\n');
      ByteBuf last = json.take();
      json.close();
      out.endStream(last);
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  private void fail(Exception e) {
    LOG.log(System.Logger.Level.ERROR, "failed while streaming a batch; closing the connection", e);
    ended = true;
    json.close();
    out.abort();
  }
}
