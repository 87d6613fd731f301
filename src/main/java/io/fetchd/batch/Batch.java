package io.fetchd.batch;

import io.fetchd.client.FetchCancelledException;
import io.fetchd.client.FetchException;
import io.fetchd.client.FetchRequest;
import io.fetchd.client.FetchResult;
import io.fetchd.client.HttpStatusException;
import io.fetchd.client.RequestOptions;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Failure;
import io.fetchd.defer.Scheduler;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;

/**
 * A batch of URLs fetched concurrently: Twisted's "fetch many pages, report each as it comes" on
 * one reactor. Each URL's success arrives through its Deferred's callback and each failure through
 * its errback; both land in this batch's table and go to the {@link BatchListener} at once. An
 * invalid URL is just that URL's {@code InvalidUrl} outcome; nothing takes the rest of the batch
 * down.
 *
 * <p>At most {@code maxInFlight} fetches run at once; the others wait their turn inside the batch,
 * so a batch's memory is bounded by the window, not by its size. Slots that outcomes free are
 * refilled once per turn of the loop ({@code callLater(0)}), not from inside each outcome's
 * callback: the fetches that finished in one pass over the ready sockets are replaced together,
 * and the code that completes a fetch and the code that starts one stay separate call trees (the
 * JIT compiled them as one, once per caller, and a one-second batch spent much of its CPU waiting
 * for those compiles).
 *
 * <p>Thread rule: the table and the counters are touched by the reactor thread only, with no
 * locks. Every method is reactor-thread only.
 */
public final class Batch {
  private static final System.Logger LOG = System.getLogger(Batch.class.getName());

  private final String id;
  private final List<String> urls;
  private final RequestOptions options;
  private final Fetch fetch;
  private final Scheduler clock;
  private final BatchListener listener;
  private final int window;
  private final UrlOutcome[] outcomes;
  /** Input positions with an outcome, kept or {@linkplain #release released}. */
  private final BitSet recorded;
  private final int[] completionOrder;
  private final Deferred<?>[] inFlight;
  private final Deferred<Batch> finished = new Deferred<>();
  private final long startNanos;

  private long endNanos;
  private int nextToLaunch;
  private int running;
  private int completed;
  private int succeeded;
  private boolean cancelRequested;
  private boolean paused;
  private boolean pumping;
  /** The window's refill, due at the end of this turn of the loop; null when none is due. */
  private DelayedCall refill;
  private BatchState state = BatchState.RUNNING;

  Batch(
      String id,
      List<String> urls,
      RequestOptions options,
      Fetch fetch,
      Scheduler clock,
      int window,
      BatchListener listener) {
    this.id = id;
    this.urls = List.copyOf(urls);
    this.options = options;
    this.fetch = fetch;
    this.clock = clock;
    this.window = window;
    this.listener = listener;
    this.outcomes = new UrlOutcome[urls.size()];
    this.recorded = new BitSet(urls.size());
    this.completionOrder = new int[urls.size()];
    this.inFlight = new Deferred<?>[urls.size()];
    this.startNanos = clock.nanoTime();
  }

  /** Launches the first fetches; an empty batch finishes at once. */
  void start() {
    if (urls.isEmpty()) {
      finish();
      return;
    }
    pump();
  }

  private void refill() {
    refill = null;
    pump();
  }

  private void pump() {
    if (pumping) {
      return;
    }
    pumping = true;
    try {
      while (!cancelRequested && !paused && running < window && nextToLaunch < urls.size()) {
        launch(nextToLaunch++);
      }
    } finally {
      pumping = false;
    }
  }

  private void launch(int index) {
    running++;
    String url = urls.get(index);
    Deferred<FetchResult> d = fetch.fetch(new FetchRequest(url, options));
    inFlight[index] = d;
    d.addCallbacks(
        result -> {
          record(new UrlOutcome(index, url, result, null));
          return null;
        },
        failure -> {
          record(new UrlOutcome(index, url, responseOf(failure), asFetchException(failure)));
          return null;
        });
  }

  private static FetchResult responseOf(Failure f) {
    HttpStatusException s = f.valueAs(HttpStatusException.class);
    return s == null ? null : s.result();
  }

  private static FetchException asFetchException(Failure f) {
    if (f.value() instanceof FetchException e) {
      return e;
    }
    LOG.log(System.Logger.Level.ERROR, "fetch failed outside the failure family", f.value());
    return new io.fetchd.client.ProtocolErrorException("internal error: " + f.value());
  }

  private void record(UrlOutcome outcome) {
    int i = outcome.index();
    if (recorded.get(i)) {
      return;
    }
    recorded.set(i);
    if (inFlight[i] != null) {
      inFlight[i] = null;
      running--;
    }
    outcomes[i] = outcome;
    completionOrder[completed++] = i;
    if (outcome.ok()) {
      succeeded++;
    }
    try {
      listener.onOutcome(this, outcome);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "batch listener threw; ignored", e);
    }
    if (completed == urls.size()) {
      finish();
    } else if (refill == null) {
      refill = clock.callLater(Duration.ZERO, this::refill);
    }
  }

  /**
   * Stops launching fetches, for a reader that cannot take more results now: fetches in flight go
   * on and their outcomes arrive as usual; the URLs not yet started wait until {@link #resume}.
   * Cancelling a paused batch still ends every URL at once. Does nothing once the batch has
   * finished.
   */
  public void pause() {
    paused = true;
  }

  /** Launches fetches again after {@link #pause}, up to the window. */
  public void resume() {
    if (!paused) {
      return;
    }
    paused = false;
    if (state == BatchState.RUNNING) {
      pump();
    }
  }

  /** True between {@link #pause} and {@link #resume}. */
  public boolean isPaused() {
    return paused;
  }

  /**
   * Cancels the batch: URLs not yet started end as {@code Cancelled} at once, fetches in flight
   * are cancelled (their connections closed), finished outcomes are kept. Does nothing once the
   * batch has finished.
   */
  public void cancel() {
    if (state != BatchState.RUNNING || cancelRequested) {
      return;
    }
    cancelRequested = true;
    for (int i = nextToLaunch; i < urls.size(); i++) {
      record(new UrlOutcome(i, urls.get(i), null, new FetchCancelledException("batch cancelled before this URL started")));
    }
    nextToLaunch = urls.size();
    for (int i = 0; i < inFlight.length && state == BatchState.RUNNING; i++) {
      Deferred<?> d = inFlight[i];
      if (d != null) {
        d.cancel();
      }
    }
  }

  private void finish() {
    if (refill != null) {
      refill.cancel();
      refill = null;
    }
    state = cancelRequested ? BatchState.CANCELLED : BatchState.DONE;
    endNanos = clock.nanoTime();
    try {
      listener.onFinished(this);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "batch listener threw; ignored", e);
    }
    finished.callback(this);
  }

  public String id() {
    return id;
  }

  /** The options every URL of this batch is fetched with. */
  public RequestOptions options() {
    return options;
  }

  public BatchState state() {
    return state;
  }

  public int size() {
    return urls.size();
  }

  public int completed() {
    return completed;
  }

  public int succeeded() {
    return succeeded;
  }

  public int failed() {
    return completed - succeeded;
  }

  /** URLs without an outcome yet. */
  public int pending() {
    return urls.size() - completed;
  }

  /** Time since the start, or the batch's whole duration once finished. */
  public Duration elapsed() {
    long end = state == BatchState.RUNNING ? clock.nanoTime() : endNanos;
    return Duration.ofNanos(end - startNanos);
  }

  /**
   * The outcome of input position {@code index}, or null while it has none (or once it has been
   * {@linkplain #release released}).
   */
  public UrlOutcome outcome(int index) {
    return outcomes[index];
  }

  /**
   * Forgets the outcome of input position {@code index}: the batch's only reader (a response that
   * has written it) says nobody will ask for it again. The counts stay; {@link #outcome} and
   * {@link #outcomeInCompletionOrder} return null for it from now on. A streamed batch so keeps
   * only the outcomes not yet written, and they die young instead of being copied by every young
   * collection until the batch ends. Does nothing for a position without an outcome.
   */
  public void release(int index) {
    outcomes[index] = null;
  }

  /**
   * The {@code n}-th outcome to arrive (0-based, {@code n < completed()}), or null if it was
   * {@linkplain #release released}.
   */
  public UrlOutcome outcomeInCompletionOrder(int n) {
    if (n < 0 || n >= completed) {
      throw new IndexOutOfBoundsException("outcome " + n + " of " + completed);
    }
    return outcomes[completionOrder[n]];
  }

  /** Fires with this batch when every URL has an outcome. */
  public Deferred<Batch> whenFinished() {
    Deferred<Batch> d = new Deferred<>();
    finished.addCallback(
        b -> {
          d.callback(b);
          return b;
        });
    return d;
  }

  @Override
  public String toString() {
    return "Batch[" + id + " " + state.apiName() + " " + completed + "/" + urls.size() + "]";
  }
}
