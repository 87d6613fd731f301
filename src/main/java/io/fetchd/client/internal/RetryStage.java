package io.fetchd.client.internal;

import io.fetchd.client.ConnectFailedException;
import io.fetchd.client.ConnectRefusedException;
import io.fetchd.client.ConnectTimeoutException;
import io.fetchd.client.ConnectionResetException;
import io.fetchd.client.FetchCancelledException;
import io.fetchd.client.FetchException;
import io.fetchd.client.internal.AttemptStage.AttemptResult;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.Failure;
import io.fetchd.defer.Scheduler;
import io.fetchd.task.DeferLater;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The retry stage: runs attempts of the call's current hop until one ends in a response that is
 * not retried, or in a failure that is not. The decisions are the pure {@code RetryDecider}'s
 * (statuses, backoff with jitter, {@code Retry-After}, the deadline); only idempotent methods are
 * retried, and a failure after any response byte never is. A pooled connection the server had
 * closed (a reset before any byte) gets one immediate retry on a fresh connection. The backoff
 * waits on the fetcher's clock. Reactor thread only.
 */
final class RetryStage {
  private final Scheduler clock;
  private final AttemptStage attempts;
  private final CallEvents events;
  private final LongSupplier wallClockMillis;

  RetryStage(Scheduler clock, AttemptStage attempts, CallEvents events, LongSupplier wallClockMillis) {
    this.clock = clock;
    this.attempts = attempts;
    this.events = events;
    this.wallClockMillis = wallClockMillis;
  }

  Deferred<AttemptResult> run(Call call) {
    if (call.done) {
      return Deferred.fail(new FetchCancelledException("fetch already over"));
    }
    return Chains.typed(attempts.run(call).addBoth(
        (AttemptResult r, Failure f) -> f == null ? afterResponse(call, r) : afterFailure(call, f)));
  }

  /** The result itself (no Deferred made on the common path), or the retry's Deferred. */
  private Object afterResponse(Call call, AttemptResult r) {
    int status = r.response().status();
    if (!call.done && call.method.idempotent() && call.retry.retriesStatus(status)) {
      Optional<Duration> delay = call.retry.delay(
          call.retriesThisHop + 1,
          r.response().headers().get(HttpHeaderNames.RETRY_AFTER),
          wallClockMillis.getAsLong(),
          call.remaining(clock.nanoTime()));
      if (delay.isPresent()) {
        return backoff(call, "status " + status, delay.get());
      }
    }
    return r;
  }

  private Deferred<AttemptResult> afterFailure(Call call, Failure f) {
    FetchException error = Errors.asFetchException(f.value());
    if (call.done) {
      return Deferred.fail(error);
    }
    Attempt a = call.attempt;
    boolean anyByte = a.anyResponseByte();
    if (a.reused && !anyByte && !call.staleRetryUsed && error instanceof ConnectionResetException) {
      // A pooled connection the server had already closed: try once more on a fresh one.
      call.staleRetryUsed = true;
      call.forceFreshConnection = true;
      events.retrying("stale_connection", Duration.ZERO);
      return run(call);
    }
    if (call.method.idempotent() && retriable(error, anyByte)) {
      Optional<Duration> delay = call.retry.delay(
          call.retriesThisHop + 1, null, wallClockMillis.getAsLong(), call.remaining(clock.nanoTime()));
      if (delay.isPresent()) {
        return backoff(call, error.type(), delay.get());
      }
    }
    return Deferred.fail(error);
  }

  private static boolean retriable(FetchException e, boolean anyResponseByte) {
    return e instanceof ConnectRefusedException
        || e instanceof ConnectFailedException
        || e instanceof ConnectTimeoutException
        || (e instanceof ConnectionResetException && !anyResponseByte);
  }

  private Deferred<AttemptResult> backoff(Call call, String reason, Duration delay) {
    call.retriesThisHop++;
    events.retrying(reason, delay);
    return DeferLater.deferLaterAsync(clock, delay, () -> run(call));
  }
}
