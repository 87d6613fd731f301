package io.fetchd.client.internal;

import io.fetchd.client.FetchCancelledException;
import io.fetchd.client.FetchException;
import io.fetchd.client.Phase;
import io.fetchd.client.QueueFullException;
import io.fetchd.defer.CancelledException;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.DeferredSemaphore;
import io.fetchd.defer.Failure;
import io.fetchd.defer.QueueOverflowException;
import io.fetchd.defer.Scheduler;
import io.fetchd.defer.TimedOutException;
import java.time.Duration;

/**
 * The slots stage: a request slot of the origin, then one of the fetcher's global slots, each
 * waited for in a bounded queue with the request's queue timeout. Waiting is the {@code queue}
 * phase. A full queue or a timed-out wait is {@link QueueFullException}; cancelling gives back
 * what was taken. The fast path (both free) makes no waiter. Reactor thread only.
 */
final class SlotStage {
  private final Scheduler clock;
  private final DeferredSemaphore global;
  private final CallEvents events;

  SlotStage(Scheduler clock, DeferredSemaphore global, CallEvents events) {
    this.clock = clock;
    this.global = global;
    this.events = events;
  }

  /** Both slots for the call's current attempt, held by the lease until it is released. */
  Deferred<SlotLease> acquire(Call call, OriginPool pool) {
    SlotLease lease = new SlotLease(pool.slots, global);
    events.started(call, Phase.QUEUE);
    Deferred<SlotLease> d;
    if (pool.slots.tryAcquire()) {
      lease.origin = true;
      d = globalSlot(call, lease);
    } else {
      d = waitFor(call, pool.slots, pool.origin)
          .addCallbackDeferred(s -> {
            lease.origin = true;
            return globalSlot(call, lease);
          });
    }
    return d.addBoth((SlotLease held, Failure f) -> {
      if (f != null) {
        lease.release();
        return f.raise();
      }
      call.queueNanosTotal += events.ended(call, Phase.QUEUE);
      return held;
    });
  }

  private Deferred<SlotLease> globalSlot(Call call, SlotLease lease) {
    if (global.tryAcquire()) {
      lease.global = true;
      return Deferred.succeed(lease);
    }
    return waitFor(call, global, null).addCallback(s -> {
      lease.global = true;
      return lease;
    });
  }

  /** The slow path: wait in the semaphore's bounded queue, at most the queue timeout. */
  private Deferred<DeferredSemaphore> waitFor(Call call, DeferredSemaphore slots, String origin) {
    Deferred<DeferredSemaphore> d = slots.acquire();
    Duration timeout = call.options.timeouts().queue();
    if (!d.isCalled()) {
      d.addTimeout(timeout, clock);
    }
    return d.addErrback(f -> {
      throw queueFailure(f, origin, timeout);
    });
  }

  private static FetchException queueFailure(Failure f, String origin, Duration timeout) {
    if (f.check(QueueOverflowException.class) != null) {
      return new QueueFullException(origin != null
          ? "too many requests already waiting for " + origin
          : "too many requests already waiting for a connection slot (the fetcher's maxInFlight)");
    }
    if (f.check(TimedOutException.class) != null) {
      return new QueueFullException(
          "waited longer than " + timeout.toMillis() + " ms for a connection slot");
    }
    if (f.value() instanceof FetchException e) {
      return e;
    }
    if (f.value() instanceof CancelledException) {
      return new FetchCancelledException("cancelled");
    }
    return Errors.exchange(f.value(), false);
  }

  /** The slots one attempt holds; {@link #release} gives back whichever it took. */
  static final class SlotLease {
    private final DeferredSemaphore originSlots;
    private final DeferredSemaphore globalSlots;
    boolean origin;
    boolean global;

    SlotLease(DeferredSemaphore originSlots, DeferredSemaphore globalSlots) {
      this.originSlots = originSlots;
      this.globalSlots = globalSlots;
    }

    /** Gives back the slots held (global first); idempotent. */
    void release() {
      if (global) {
        global = false;
        globalSlots.release();
      }
      if (origin) {
        origin = false;
        originSlots.release();
      }
    }
  }
}
