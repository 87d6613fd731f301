package io.fetchd.api.route;

import io.fetchd.api.http.ApiException;
import io.fetchd.api.http.ErrorType;
import io.fetchd.batch.Batch;
import io.fetchd.batch.BatchRejectedException;
import io.fetchd.batch.BatchState;
import io.fetchd.batch.OutcomeFootprint;
import io.fetchd.batch.UrlOutcome;
import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Scheduler;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.memory.MemoryKind;
import java.time.Duration;
import java.util.List;

/**
 * The memory budget's share for one {@code POST /v1/fetch} response: every URL and outcome the
 * batch holds until the response has written it ({@link MemoryKind#UNWRITTEN_RESULTS}). A batch
 * holds them as objects as long as its client has not read them (a slow reader, or a JSON
 * document waiting for a slow first URL), so the whole batch is reserved before it starts ({@link
 * #admit}): a batch the budget cannot take is refused with 503 {@code Overloaded}, one it could
 * never take with 413, instead of growing the heap. An outcome larger than its share (response
 * headers, redirects, a failure's cause) tops the reservation up when it arrives. When the budget
 * cannot take that, the batch is {@linkplain Batch#pause paused}: the fetches in flight (at most
 * the batch's window) end and are counted anyway, but no more start until the budget has room
 * again (checked every {@link #RECHECK}). Each result's share goes back once written, and
 * whatever is left when the response ends or is abandoned.
 *
 * <p>Thread rule: the reactor thread (the response's). Not reusable after {@link #releaseAll}.
 */
final class UnwrittenResults {
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  static final Duration RECHECK = Duration.ofMillis(50);

  private final MemoryBudget budget;
  private final Scheduler clock;
  private DelayedCall recheck;
  private boolean over;
  /** Bytes reserved for each input position not yet written; 0 once written. */
  private final long[] held;
  private long total;

  private UnwrittenResults(MemoryBudget budget, Scheduler clock, long[] held, long total) {
    this.budget = budget;
    this.clock = clock;
    this.held = held;
    this.total = total;
  }

  /**
   * Reserves what {@code urls} will hold until written.
   *
   * @throws ApiException 413 {@code TooManyUrls} when the batch could never fit the budget
   * @throws BatchRejectedException reason {@code memory} when the budget cannot take it now
   */
  static UnwrittenResults admit(MemoryBudget budget, Scheduler clock, List<String> urls)
      throws ApiException, BatchRejectedException {
    long[] held = new long[urls.size()];
    long total = 0;
    for (int i = 0; i < held.length; i++) {
      held[i] = OutcomeFootprint.pending(urls.get(i));
      total += held[i];
    }
    if (!budget.couldEverFit(total)) {
      budget.countRefusal(MemoryKind.UNWRITTEN_RESULTS);
      throw new ApiException(ErrorType.TooManyUrls,
          "this batch's results (about " + total + " bytes until written) could never fit the memory"
              + " budget of " + budget.limit() + " bytes (memory.budgetBytes); send fewer URLs");
    }
    if (!budget.tryReserve(MemoryKind.UNWRITTEN_RESULTS, total)) {
      throw new BatchRejectedException("memory",
          "the memory budget cannot take this batch's results now (about " + total + " bytes; "
              + budget.used() + " of " + budget.limit() + " bytes in use)",
          RETRY_AFTER);
    }
    return new UnwrittenResults(budget, clock, held, total);
  }

  /**
   * {@code o} of {@code batch} has arrived: if it is larger than its share, the difference is
   * reserved too, and if the budget cannot take it, {@code batch} is paused until it can.
   */
  void arrived(Batch batch, UrlOutcome o) {
    int i = o.index();
    if (held[i] == 0) {
      return; // written or given up already
    }
    long more = OutcomeFootprint.of(o) - held[i];
    if (more <= 0) {
      return;
    }
    held[i] += more;
    total += more;
    if (budget.tryReserve(MemoryKind.UNWRITTEN_RESULTS, more)) {
      return;
    }
    // The outcome exists already: it is counted anyway, and no more fetches start until there is room.
    budget.forceReserve(MemoryKind.UNWRITTEN_RESULTS, more);
    if (!over && batch.state() == BatchState.RUNNING) {
      over = true;
      batch.pause();
      recheck = clock.callLater(RECHECK, () -> resumeWhenRoom(batch));
    }
  }

  /** Room enough to go on: a sixteenth of the budget. */
  private boolean room() {
    return budget.available() >= budget.limit() / 16;
  }

  private void resumeWhenRoom(Batch batch) {
    recheck = null;
    if (!over) {
      return;
    }
    if (room() || batch.state() != BatchState.RUNNING) {
      over = false;
      batch.resume();
    } else {
      recheck = clock.callLater(RECHECK, () -> resumeWhenRoom(batch));
    }
  }

  /** The result at input position {@code index} has been written (or never will be). */
  void written(int index) {
    long n = held[index];
    if (n > 0) {
      held[index] = 0;
      total -= n;
      budget.release(MemoryKind.UNWRITTEN_RESULTS, n);
    }
  }

  /** The response is over: nothing more is held for it. Idempotent. */
  void releaseAll() {
    over = false;
    if (recheck != null) {
      recheck.cancel();
      recheck = null;
    }
    if (total > 0) {
      budget.release(MemoryKind.UNWRITTEN_RESULTS, total);
      total = 0;
      java.util.Arrays.fill(held, 0);
    }
  }

  /** Bytes reserved now. */
  long reserved() {
    return total;
  }
}
