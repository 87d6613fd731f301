package io.fetchd.client.internal;

import io.fetchd.client.Phase;
import io.fetchd.client.Timings;
import io.fetchd.client.TlsInfo;
import io.fetchd.client.policy.AddressPolicy;
import io.fetchd.client.policy.BlockReason;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.Failure;
import io.fetchd.defer.Scheduler;
import java.time.Duration;
import java.util.Optional;

/**
 * One attempt at the call's current hop: a URL whose host is a literal the address policy refuses
 * fails before anything else; then the {@link SlotStage}, a connection from the {@link
 * ConnectionSource}, and the exchange on that connection. Whatever the outcome, the attempt's
 * latency is recorded and what it held is given back: the connection to its pool after a clean
 * exchange (else closed), then the slots. Reports the {@code ttfb} and {@code transfer} phases.
 * Reactor thread only.
 */
final class AttemptStage {
  /** What a successful attempt hands on: the response, its timings and its connection's facts. */
  record AttemptResult(Response response, Timings timings, boolean reused, TlsInfo tls) {}

  private final Scheduler clock;
  private final AddressPolicy policy;
  private final OriginPools pools;
  private final SlotStage slots;
  private final ConnectionSource connections;
  private final CallEvents events;

  AttemptStage(Scheduler clock, AddressPolicy policy, OriginPools pools, SlotStage slots,
      ConnectionSource connections, CallEvents events) {
    this.clock = clock;
    this.policy = policy;
    this.pools = pools;
    this.slots = slots;
    this.connections = connections;
    this.events = events;
  }

  Deferred<AttemptResult> run(Call call) {
    Attempt a = call.beginAttempt(clock.nanoTime());
    Optional<BlockReason> refused = policy.checkLiteral(call.url);
    Deferred<Response> d;
    if (refused.isPresent()) {
      d = Deferred.fail(events.refused(refused.get(), call.url.hostString()));
    } else {
      OriginPool pool = pools.get(call.url.origin());
      d = slots.acquire(call, pool)
          .addCallbackDeferred(lease -> {
            a.lease = lease;
            return connections.connect(call, pool);
          })
          .addCallbackDeferred(c -> c.exchange(call));
    }
    return d.addBoth((Response r, Failure f) -> end(call, a, r, f));
  }

  private AttemptResult end(Call call, Attempt a, Response r, Failure f) {
    long now = clock.nanoTime();
    call.endAttempt(now);
    if (f != null) {
      events.failOpenPhases(call, a);
      release(a, false);
      return f.raise();
    }
    Timings t = timings(a, r, now - a.startNanos);
    AttemptResult out = new AttemptResult(r, t, a.reused, a.connection.tls());
    release(a, true);
    if (t.ttfb() != null) {
      events.measured(call, Phase.TTFB, t.ttfb());
    }
    if (t.transfer() != null) {
      events.measured(call, Phase.TRANSFER, t.transfer());
    }
    return out;
  }

  private static void release(Attempt a, boolean clean) {
    if (a.connection != null) {
      a.connection.release(clean);
    }
    if (a.lease != null) {
      a.lease.release();
    }
  }

  private static Timings timings(Attempt a, Response r, long attemptNanos) {
    long ttfb = r.firstByteNanos() == 0 ? -1 : r.firstByteNanos() - r.writeNanos();
    long transfer = r.firstByteNanos() == 0 ? -1 : r.lastByteNanos() - r.firstByteNanos();
    return new Timings(
        nanos(a.nanos(Phase.QUEUE)),
        nanos(a.nanos(Phase.DNS)),
        nanos(a.nanos(Phase.CONNECT)),
        nanos(a.nanos(Phase.TLS)),
        nanos(ttfb),
        nanos(transfer),
        Duration.ofNanos(attemptNanos));
  }

  /** {@code n} nanoseconds, or null for a phase that did not happen ({@code n < 0}). */
  static Duration nanos(long n) {
    return n < 0 ? null : Duration.ofNanos(n);
  }
}
