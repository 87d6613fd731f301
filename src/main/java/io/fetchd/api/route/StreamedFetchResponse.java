package io.fetchd.api.route;

import io.fetchd.api.http.Responder;
import io.fetchd.api.json.JsonWriter;
import io.fetchd.batch.Batch;
import io.fetchd.batch.BatchState;
import io.fetchd.batch.UrlOutcome;
import io.fetchd.client.BodyMode;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.memory.MemoryKind;
import io.fetchd.reactor.CoalescedCall;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Streams a batch's results as they become writable, in the order a subclass defines: the response
 * head goes out when the batch starts, each result once it is the next in that order, and the
 * closing (with the summary) once the batch is over and every result is out. Results that become
 * ready in the same turn of the event loop (fetches whose responses were read in one pass over the
 * ready sockets) are written after that turn ({@link CoalescedCall}), in one chunk and one flush
 * rather than one write system call per result: every turn for a stream read as it comes
 * (NDJSON), only in whole chunks for a document nobody can use before its end (JSON; see {@link
 * #sendsEveryTurn}).
 *
 * <p>Backpressure: results are serialized only while the connection is writable (its outbound
 * buffer is under Netty's high-water mark, 64 KiB by default). While a slow client lets the
 * buffer fill, outcomes that arrive stay where they already are, in the {@link Batch} (which keeps
 * every outcome until it is written), and nothing more is encoded; when the buffer drains below
 * the low-water mark the stream resumes where it stopped, in chunks of about {@link
 * SlicedResponse#CHUNK_BYTES}. So what a slow reader costs beyond the batch itself is at most the
 * high-water mark plus one chunk, and the batch is bounded by {@code maxUrlsPerBatch} and the
 * body limits. (The fetches themselves are not paused: the batch runs at fetch speed whatever the
 * client reads.) Each outcome is {@linkplain Batch#release released} once written: the response
 * is its only reader, so a streamed batch holds only the outcomes not yet written.
 *
 * <p>Kept bodies ({@code body: text|base64}) of outcomes waiting here are counted in the memory
 * budget as {@link MemoryKind#KEPT_BODIES} from their arrival until they are written (or the
 * response is abandoned), so what a slow reader makes the service hold is bounded by the budget:
 * once it is full, further kept bodies fail as {@code MemoryBudgetExceeded} in the fetcher.
 *
 * <p>The results themselves, as objects, are held in the budget too ({@link UnwrittenResults}):
 * reserved for the whole batch at admission, given back one by one as written.
 *
 * <p>A client that disconnects cancels the batch (see {@link FetchHandler}); nothing more is
 * written and the response is abandoned.
 *
 * <p>Thread rule: reactor thread only (it is the batch's listener).
 */
abstract class StreamedFetchResponse implements FetchHandler.FetchResponse {
  private static final System.Logger LOG = System.getLogger(StreamedFetchResponse.class.getName());

  private final Responder out;
  private final CharSequence contentType;
  final BodyMode mode;
  private final MemoryBudget budget;
  private final UnwrittenResults unwritten;
  /** Kept-body bytes of outcomes not yet written, reserved in {@link #budget}. */
  private long heldBodyBytes;
  Batch batch;
  private Runnable done;
  private JsonWriter json;
  private CoalescedCall pumpSoon;
  /** How many results have been written, in this response's order. */
  int written;
  private boolean finished;
  private boolean ended;
  /** True while {@link #pump} runs: a write can fire writability events back into it. */
  private boolean pumping;

  StreamedFetchResponse(
      Responder out, CharSequence contentType, BodyMode mode, MemoryBudget budget, UnwrittenResults unwritten) {
    this.out = out;
    this.contentType = contentType;
    this.mode = mode;
    this.budget = budget;
    this.unwritten = unwritten;
  }

  /** Kept-body bytes of {@code o}: what holding it until it is written costs. */
  static long keptBodyBytes(UrlOutcome o) {
    return o == null || o.result() == null || o.result().body() == null ? 0 : o.result().body().length;
  }

  /**
   * {@code o} has been written (or will never be): its kept body is no longer held here. Every
   * subclass's {@link #writeNext} calls it for the outcome it wrote.
   */
  final void releaseWritten(UrlOutcome o) {
    unwritten.written(o.index());
    long n = Math.min(keptBodyBytes(o), heldBodyBytes);
    if (n > 0) {
      budget.release(MemoryKind.KEPT_BODIES, n);
      heldBodyBytes -= n;
    }
  }

  /** Writes what comes before the first result. */
  abstract void writeOpening(JsonWriter w);

  /** True if the result after the {@link #written} ones can be written now. */
  abstract boolean nextIsReady();

  /** Writes the result after the {@link #written} ones (which {@link #nextIsReady} said exists). */
  abstract void writeNext(JsonWriter w);

  /** Writes what comes after the last result. */
  abstract void writeClosing(JsonWriter w);

  /**
   * True if what is ready goes out at the end of every loop turn, however little (a stream whose
   * reader acts on each result); false if it may wait until a whole chunk has built up (a
   * document nobody can use before its end: fewer, larger writes).
   */
  abstract boolean sendsEveryTurn();

  @Override
  public final void begin(Batch b, Runnable onDone) {
    this.batch = b;
    this.done = onDone;
    out.startStream(HttpResponseStatus.OK, contentType);
    json = new JsonWriter(out.alloc());
    pumpSoon = new CoalescedCall(out.channel().eventLoop(), this::pump);
    out.onChannelChange(this::pump);
    try {
      writeOpening(json);
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    if (b.state() != BatchState.RUNNING) {
      batchFinished();
    } else {
      pump();
    }
  }

  @Override
  public final void onOutcome(Batch b, UrlOutcome outcome) {
    if (ended) {
      b.release(outcome.index()); // nobody will write it
      unwritten.written(outcome.index());
      return;
    }
    unwritten.arrived(b, outcome);
    long body = keptBodyBytes(outcome);
    if (body > 0) {
      // The body exists already; the fetcher's reservation ended with its exchange. Counted here
      // until written, so that a slow reader's backlog fills the budget and further kept bodies
      // are refused (MemoryBudgetExceeded) instead of growing the heap.
      budget.forceReserve(MemoryKind.KEPT_BODIES, body);
      heldBodyBytes += body;
    }
    if (batch != null) {
      pumpSoon.request();
    }
  }

  @Override
  public final void onFinished(Batch b) {
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
   * the middle of the writer's chunk; the running call re-checks everything after each write.
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
      while (nextIsReady() && out.channel().isWritable()) {
        while (nextIsReady() && json.pending() < SlicedResponse.CHUNK_BYTES) {
          writeNext(json);
          written++;
        }
        if (!sendsEveryTurn() && json.pending() < SlicedResponse.CHUNK_BYTES) {
          break; // not a chunk yet: it goes out with the next results, or with the closing
        }
        out.writeChunk(json.take()).addListener(f -> {
          if (!f.isSuccess()) {
            abandon();
          }
        });
      }
      if (finished && written == batch.size()) {
        end();
      }
    } catch (RuntimeException e) {
      fail(e);
    } finally {
      pumping = false;
    }
  }

  private void end() {
    ended = true;
    releaseHeld();
    writeClosing(json);
    ByteBuf last = json.take();
    json.close();
    out.endStream(last);
  }

  private void fail(Exception e) {
    LOG.log(System.Logger.Level.ERROR, "failed while streaming a batch; closing the connection", e);
    abandon();
  }

  /** The connection is gone or broken: stop writing and give up on the response. */
  private void abandon() {
    if (ended) {
      return;
    }
    ended = true;
    releaseHeld();
    for (int i = 0; i < batch.size(); i++) {
      batch.release(i); // what was not written never will be
    }
    json.close();
    out.abort();
  }

  private void releaseHeld() {
    unwritten.releaseAll();
    if (heldBodyBytes > 0) {
      budget.release(MemoryKind.KEPT_BODIES, heldBodyBytes);
      heldBodyBytes = 0;
    }
  }
}
