package io.fetchd.client.internal;

import io.fetchd.defer.DeferredSemaphore;
import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The connections and request slots of one origin ({@code scheme://host:port}, never an IP).
 * Slots bound the requests in flight to the origin; waiting for one is the {@code queue} phase.
 * Idle connections are reused most-recent first and closed after the idle timeout. Reactor thread
 * only.
 */
final class OriginPool {
  final String origin;
  final DeferredSemaphore slots;
  private final ArrayDeque<Conn> idle = new ArrayDeque<>();
  private final Scheduler clock;
  private final Duration idleTimeout;
  private int open;

  OriginPool(String origin, int maxInFlight, int maxWaiting, Scheduler clock, Duration idleTimeout) {
    this.origin = origin;
    this.slots = new DeferredSemaphore(maxInFlight, maxWaiting);
    this.clock = clock;
    this.idleTimeout = idleTimeout;
  }

  /** An idle, still-open connection, or null. Stale ones found on the way are dropped. */
  Conn pollIdle() {
    Conn c;
    while ((c = idle.pollLast()) != null) {
      if (c.idleTimer != null && c.idleTimer.isActive()) {
        c.idleTimer.cancel();
      }
      c.idleTimer = null;
      if (c.reusable()) {
        return c;
      }
      c.closeNow();
    }
    return null;
  }

  /** A new connection to this origin was opened. */
  void opened() {
    open++;
  }

  /** Returns a connection after a clean exchange; closes it if it cannot be reused. */
  void release(Conn c) {
    if (!c.reusable() || idleTimeout.isZero()) {
      remove(c);
      c.closeNow();
      return;
    }
    idle.addLast(c);
    c.idleTimer =
        clock.callLater(
            idleTimeout,
            () -> {
              c.idleTimer = null;
              remove(c);
              c.closeNow();
            });
  }

  /** Forgets a connection that closed or is about to. Idempotent. */
  void remove(Conn c) {
    idle.remove(c);
  }

  /**
   * True when the pool holds nothing: no idle or open connection, no request in flight (every slot
   * free) and none waiting for a slot. Such a pool can be forgotten and made afresh when needed.
   */
  boolean isUnused() {
    return idle.isEmpty() && open == 0 && slots.tokens() == slots.limit() && slots.waiting() == 0;
  }

  int idleCount() {
    return idle.size();
  }

  int openCount() {
    return open;
  }

  void closed() {
    open--;
  }

  /** Closes every idle connection. */
  void closeIdle() {
    Conn c;
    while ((c = idle.pollLast()) != null) {
      c.closeNow();
    }
  }
}
