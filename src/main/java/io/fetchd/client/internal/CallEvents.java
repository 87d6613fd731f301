package io.fetchd.client.internal;

import io.fetchd.client.BlockedAddressException;
import io.fetchd.client.FetchListener;
import io.fetchd.client.policy.BlockReason;
import java.time.Duration;

/**
 * The one place the stages report what happens to a fetch: phase timings, retries, redirects,
 * refusals, each to the fetcher's {@link FetchListener}. Reactor thread only.
 */
final class CallEvents {
  final FetchListener listener;

  CallEvents(FetchListener listener) {
    this.listener = listener;
  }

  /** A phase of the call's current attempt took {@code nanos}. */
  void phase(Call call, String phase, long nanos) {
    listener.phase(phase, Duration.ofNanos(nanos));
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
}
