package io.fetchd.client.internal;

import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Scheduler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The fetcher's {@link OriginPool}s by origin, bounded by use: an origin with no idle or open
 * connection, no request in flight and none waiting holds nothing worth keeping, so a sweep every
 * {@code sweepEvery} forgets it (a later request to it makes a fresh pool). The sweep runs only
 * while there is a pool to look at, so an idle fetcher schedules nothing. Reactor thread only.
 */
final class OriginPools {
  private final Scheduler clock;
  private final Duration sweepEvery;
  private final Function<String, OriginPool> factory;
  private final Map<String, OriginPool> pools = new HashMap<>();
  private DelayedCall sweep;

  /**
   * @param clock the clock the sweep runs on
   * @param sweepEvery how often unused origins are forgotten (positive)
   * @param factory makes the pool of an origin seen for the first time (or again after a sweep)
   */
  OriginPools(Scheduler clock, Duration sweepEvery, Function<String, OriginPool> factory) {
    if (sweepEvery.isNegative() || sweepEvery.isZero()) {
      throw new IllegalArgumentException("sweepEvery must be positive, was " + sweepEvery);
    }
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sweepEvery = sweepEvery;
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /** The pool of {@code origin}, made on first use; arms the sweep if it was not armed. */
  OriginPool get(String origin) {
    OriginPool p = pools.get(origin);
    if (p == null) {
      p = factory.apply(origin);
      pools.put(origin, p);
      if (sweep == null) {
        sweep = clock.callLater(sweepEvery, this::sweep);
      }
    }
    return p;
  }

  /** Forgets every unused origin now; re-arms itself while pools remain. */
  void sweep() {
    if (sweep != null && sweep.isActive()) {
      sweep.cancel();
    }
    sweep = null;
    for (Iterator<OriginPool> it = pools.values().iterator(); it.hasNext(); ) {
      if (it.next().isUnused()) {
        it.remove();
      }
    }
    if (!pools.isEmpty()) {
      sweep = clock.callLater(sweepEvery, this::sweep);
    }
  }

  /** Origins with a pool now. */
  int size() {
    return pools.size();
  }

  /** Open connections across all origins. */
  int openConnections() {
    int n = 0;
    for (OriginPool p : pools.values()) {
      n += p.openCount();
    }
    return n;
  }

  /** Idle pooled connections across all origins. */
  int idleConnections() {
    int n = 0;
    for (OriginPool p : pools.values()) {
      n += p.idleCount();
    }
    return n;
  }

  /** Closes every idle connection and stops the sweep. */
  void close() {
    if (sweep != null && sweep.isActive()) {
      sweep.cancel();
    }
    sweep = null;
    for (OriginPool p : pools.values()) {
      p.closeIdle();
    }
  }
}
