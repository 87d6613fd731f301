package io.fetchd.client.internal;

import io.fetchd.client.BlockedAddressException;
import io.fetchd.client.FetchListener;
import io.fetchd.client.FetchObserver;
import io.fetchd.client.Phase;
import io.fetchd.client.policy.BlockReason;
import io.fetchd.defer.Scheduler;
import java.time.Duration;

/**
 * The one place the stages report what happens to a fetch: typed phases in start/end pairs (whose
 * durations are also what the result's timings are made of), retries, redirects and refusals to
 * the fetcher's {@link FetchListener}, and the request's {@link FetchObserver} events. Reactor
 * thread only.
 */
final class CallEvents {
  private static final System.Logger LOG = System.getLogger(FetcherCore.class.getName());

  final FetchListener listener;
  private final Scheduler clock;

  CallEvents(Scheduler clock, FetchListener listener) {
    this.clock = clock;
    this.listener = listener;
  }

  /** {@code phase} of the call's current attempt starts now. */
  void started(Call call, Phase phase) {
    call.attempt.start(phase, clock.nanoTime());
    listener.phaseStarted(call.request, phase);
  }

  /** {@code phase}, started before, completed now; returns how long it took. */
  long ended(Call call, Phase phase) {
    long nanos = call.attempt.end(phase, clock.nanoTime());
    listener.phaseEnded(call.request, phase, Duration.ofNanos(nanos));
    return nanos;
  }

  /** A phase the exchange measured itself ({@code ttfb}, {@code transfer}): its pair at once. */
  void measured(Call call, Phase phase, Duration took) {
    listener.phaseStarted(call.request, phase);
    listener.phaseEnded(call.request, phase, took);
  }

  /** The attempt ended in a failure: every phase it started and did not end failed. */
  void failOpenPhases(Call call, Attempt a) {
    long now = clock.nanoTime();
    for (Phase p : Attempt.PHASES) {
      if (a.isOpen(p)) {
        long nanos = now - a.startOf(p);
        a.close(p);
        listener.phaseFailed(call.request, p, Duration.ofNanos(nanos));
      }
    }
  }

  void retrying(String reason, Duration delay) {
    listener.retrying(reason, delay);
  }

  void redirected(int status) {
    listener.redirected(status);
  }

  /** The address policy refused {@code what}: reported, and the exception the fetch fails with. */
  BlockedAddressException refused(BlockReason reason, String what) {
    listener.blocked(reason.metricName());
    return new BlockedAddressException(
        "destination " + what + " is refused by the address policy (" + reason.metricName() + ")");
  }

  /**
   * Runs a call into user code (an observer, a listener's outcome method) so that what it throws
   * is logged and ignored, never allowed to disturb the fetch.
   */
  void observe(Runnable userCall) {
    try {
      userCall.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "fetch listener threw; ignored", e);
    }
  }
}
