package io.fetchd.api.route;

import io.fetchd.api.json.EncodedOutcomes;
import io.fetchd.api.json.JsonWriter;
import io.fetchd.api.json.ResultJson;
import io.fetchd.batch.Batch;
import io.fetchd.batch.BatchListener;
import io.fetchd.batch.BatchState;
import io.fetchd.batch.UrlOutcome;
import io.fetchd.client.BodyMode;
import io.fetchd.client.MemoryBudgetExceededException;
import io.fetchd.defer.DelayedCall;
import java.time.Duration;

/**
 * One job of {@code POST /v1/batches}: its batch's listener, which encodes each outcome as it
 * arrives ({@link ResultJson}'s bytes, into {@link EncodedOutcomes}) and lets the batch forget it
 * at once, so a job holds a few hundred bytes per result whether it is running or finished. Once
 * the batch is over the job drops it and keeps only its counts, state and encoded results.
 *
 * <p>Every byte it stores is reserved in the memory budget by its {@link JobStore}, which also
 * decides when it goes.
 *
 * <p>Thread rule: reactor thread only.
 */
final class Job implements BatchListener {
  private final JobStore store;
  private final BodyMode mode;
  private final int size;
  private final EncodedOutcomes outcomes;
  private String id;
  /** The running batch; null once it is over. */
  private Batch batch;
  private BatchState state = BatchState.RUNNING;
  private int completed;
  private int succeeded;
  private Duration elapsed;
  /** Budget bytes held: the index, the pages. */
  long reserved;
  /** Bytes admission counted on that are not reserved yet (running jobs only). */
  long promised;
  /** When the batch finished ({@code Scheduler.nanoTime}); meaningful once finished. */
  long finishedNanos;
  /** The expiry timer once finished. */
  DelayedCall expiry;

  Job(JobStore store, BodyMode mode, int size) {
    this.store = store;
    this.mode = mode;
    this.size = size;
    this.outcomes = new EncodedOutcomes(size);
  }

  /** Learns its batch (from the first callback or from the engine, whichever comes first). */
  void bind(Batch b) {
    if (id == null) {
      id = b.id();
      if (state == BatchState.RUNNING) {
        batch = b;
      }
      store.register(this);
    }
  }

  @Override
  public void onOutcome(Batch b, UrlOutcome o) {
    bind(b);
    b.release(o.index());
    byte[] bytes = store.encode(o, mode);
    int page = outcomes.pageNeeded(bytes.length);
    if (page > 0 && !store.tryReserveForRunning(this, page)) {
      long body = StreamedFetchResponse.keptBodyBytes(o);
      if (body > 0) {
        // No room for the body even after evicting every finished job: this URL fails as the
        // fetcher fails a body it cannot keep, and the rest of the job goes on.
        o = new UrlOutcome(o.index(), o.url(), null, new MemoryBudgetExceededException(
            "the memory budget had no room to store this " + body + "-byte body in the job's results;"
                + " retry later or with body: none"));
        bytes = store.encode(o, mode);
        page = outcomes.pageNeeded(bytes.length);
      }
      if (page > 0 && !store.tryReserveForRunning(this, page)) {
        store.forceReserveForRunning(this, page);
      }
    }
    outcomes.append(bytes, page);
    completed++;
    if (o.ok()) {
      succeeded++;
    }
  }

  @Override
  public void onFinished(Batch b) {
    bind(b);
    state = b.state();
    elapsed = b.elapsed();
    batch = null;
    store.finished(this, outcomes.trim());
  }

  /** Cancels a running job (its pending URLs end as {@code Cancelled}); nothing once it is over. */
  void cancel() {
    if (batch != null) {
      batch.cancel();
    }
  }

  String id() {
    return id;
  }

  boolean running() {
    return state == BatchState.RUNNING;
  }

  BatchState state() {
    return state;
  }

  int size() {
    return size;
  }

  int completed() {
    return completed;
  }

  int succeeded() {
    return succeeded;
  }

  Duration elapsed() {
    return batch != null ? batch.elapsed() : elapsed;
  }

  EncodedOutcomes outcomes() {
    return outcomes;
  }

  /** {@code "counts":{"total","completed","succeeded","failed","pending"}}, as for a batch. */
  void writeCountsField(JsonWriter w) {
    w.name("counts").startObject();
    w.field("total", size);
    w.field("completed", completed);
    w.field("succeeded", succeeded);
    w.field("failed", completed - succeeded);
    w.field("pending", size - completed);
    w.endObject();
  }

  @Override
  public String toString() {
    return "Job[" + id + " " + state.apiName() + " " + completed + "/" + size + ", " + reserved + " bytes]";
  }
}
