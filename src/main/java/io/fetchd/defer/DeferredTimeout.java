package io.fetchd.defer;

import java.time.Duration;
import java.util.Objects;

/**
 * The timer behind {@link Deferred#addTimeout(Duration, Scheduler, Deferred.OnTimeoutCancel)}:
 * cancels the Deferred when the timer fires first, cancels the timer when the Deferred fires
 * first, and hands the result after a timeout to the handler. Scheduler thread only, as the
 * Deferred.
 */
final class DeferredTimeout {
  private DeferredTimeout() {}

  static <T> void arm(
      Deferred<T> d, Duration timeout, Scheduler clock, Deferred.OnTimeoutCancel<T> onTimeoutCancel) {
    Objects.requireNonNull(onTimeoutCancel, "onTimeoutCancel");
    Objects.requireNonNull(timeout, "timeout");
    boolean[] timedOut = {false};
    DelayedCall timer =
        clock.callLater(
            timeout,
            () -> {
              timedOut[0] = true;
              d.cancel();
            });
    d.addBoth(
        (T value, Failure failure) -> {
          if (timer.isActive()) {
            timer.cancel();
          }
          if (timedOut[0]) {
            return onTimeoutCancel.apply(value, failure, timeout);
          }
          return failure == null ? value : failure.<T>raise();
        });
  }
}
