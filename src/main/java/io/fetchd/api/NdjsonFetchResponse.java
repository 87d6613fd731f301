package io.fetchd.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.fetchd.batch.Batch;
import io.fetchd.batch.BatchState;
import io.fetchd.batch.UrlOutcome;
import io.fetchd.client.BodyMode;
import io.fetchd.reactor.CoalescedCall;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;

/**
 * Streams a batch as NDJSON: one result object per line, in completion order, written as soon as
 * its outcome arrives and the client is reading; then {@code {"summary":{...}}} and the end of the
 * response. Outcomes that arrive in the same turn of the event loop (fetches whose responses were
 * read in one pass over the ready sockets) go out as one chunk and one flush after that turn
 * ({@link CoalescedCall}), not one write system call per line.
 *
 * <p>Backpressure: lines are serialized only while the connection is writable (its outbound
 * buffer is under Netty's high-water mark, 64 KiB by default). While a slow client lets the
 * buffer fill, outcomes that arrive stay where they already are, in the {@link Batch} (which keeps
 * every outcome until it is dropped), and nothing more is encoded; when the buffer drains below
 * the low-water mark the stream resumes where it stopped, in chunks of about {@link
 * SlicedResponse#CHUNK_BYTES}. So what a slow reader costs beyond the batch itself is at most the
 * high-water mark plus one chunk, and the batch is bounded by {@code maxUrlsPerBatch} and the
 * body limits. (The fetches themselves are not paused: the batch runs at fetch speed whatever the
 * client reads.) The summary is written once every line before it has been.
 *
 * <p>A client that disconnects cancels the batch (see {@link FetchHandler}); nothing more is
 * written and the response is abandoned.
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
  private CoalescedCall pumpSoon;
  private int written;
  private boolean finished;
  private boolean ended;
  /** True while {@link #pump} runs: a write can fire writability events back into it. */
  private boolean pumping;

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
    pumpSoon = new CoalescedCall(out.channel().eventLoop(), this::pump);
    out.onChannelChange(this::pump);
    if (b.state() != BatchState.RUNNING) {
      batchFinished();
    } else {
      pump();
    }
  }

  @Override
  public void onOutcome(Batch b, UrlOutcome outcome) {
    if (batch != null && !ended) {
      pumpSoon.request();
    }
  }

  @Override
  public void onFinished(Batch b) {
    if (batch != null) {
      batchFinished();
    }
  }

  private void batchFinished() {
    if (!finished) {
      finished = true;
      done.run();
    }
    pump();
  }

  /**
   * Writes what the client can take now; ends the stream once the batch is over and all is out.
   * Not re-entrant: a write may fire a writability event (and so this method) synchronously, in
   * the middle of the encoder's chunk; the running call re-checks everything after each write.
   */
  private void pump() {
    if (ended || pumping) {
      return;
    }
    if (!out.isOpen()) {
      abandon();
      return;
    }
    pumping = true;
    try {
      JsonGenerator g = json.generator();
      while (written < batch.completed() && out.channel().isWritable()) {
        while (written < batch.completed() && json.pending() < SlicedResponse.CHUNK_BYTES) {
          ResultJson.write(g, batch.outcomeInCompletionOrder(written++), mode);
          g.writeRaw('\n');
        }
        out.writeChunk(json.take()).addListener(f -> {
          if (!f.isSuccess()) {
            abandon();
          }
        });
      }
      if (finished && written == batch.completed()) {
        end();
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "failed while streaming a batch; closing the connection", e);
      abandon();
    } finally {
      pumping = false;
    }
  }

  private void end() throws IOException {
    ended = true;
    JsonGenerator g = json.generator();
    g.writeStartObject();
    BatchSummary.writeSummaryField(g, batch);
    g.writeEndObject();
    g.writeRaw('\n');
    ByteBuf last = json.take();
    json.close();
    out.endStream(last);
  }

  /** The connection is gone or broken: stop writing and give up on the response. */
  private void abandon() {
    if (ended) {
      return;
    }
    ended = true;
    json.close();
    out.abort();
  }
}
