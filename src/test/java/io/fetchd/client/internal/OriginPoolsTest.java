package io.fetchd.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.client.FetchListener;
import io.fetchd.client.FetcherConfig;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.DeferredSemaphore;
import io.fetchd.defer.QueueOverflowException;
import io.fetchd.reactor.Reactor;
import io.fetchd.task.FakeClock;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Origins are forgotten once they hold nothing, on the fake clock; the global wait is bounded. */
class OriginPoolsTest {
  private static final Duration SWEEP = Duration.ofSeconds(30);
  private static final Duration IDLE = Duration.ofSeconds(4);

  private final FakeClock clock = new FakeClock();
  private final OriginPools pools =
      new OriginPools(clock, SWEEP, origin -> new OriginPool(origin, 1, 10, clock, IDLE));

  @Test
  void anOriginThatHoldsNothingIsForgottenAtTheNextSweep() {
    pools.get("http://a.test:80");
    assertEquals(1, pools.size());

    clock.advance(SWEEP.minusNanos(1));
    assertEquals(1, pools.size(), "not before the sweep");
    clock.advance(Duration.ofNanos(1));

    assertEquals(0, pools.size());
    assertEquals(List.of(), clock.getDelayedCalls(), "with no pool left, no sweep stays armed");
  }

  @Test
  void aForgottenOriginComesBackAsAFreshPoolAndRearmsTheSweep() {
    OriginPool first = pools.get("http://a.test:80");
    clock.advance(SWEEP);

    OriginPool second = pools.get("http://a.test:80");

    assertNotSame(first, second);
    assertSame(second, pools.get("http://a.test:80"));
    assertEquals(1, clock.getDelayedCalls().size());
  }

  @Test
  void anOriginWithARequestInFlightIsKeptUntilItsSlotIsFree() {
    OriginPool p = pools.get("http://a.test:80");
    assertTrue(p.slots.tryAcquire());

    clock.advance(SWEEP);
    assertEquals(1, pools.size());

    p.slots.release();
    clock.advance(SWEEP);
    assertEquals(0, pools.size());
  }

  @Test
  void anOriginWithARequestWaitingForASlotIsKept() {
    OriginPool p = pools.get("http://a.test:80");
    assertTrue(p.slots.tryAcquire());
    Deferred<DeferredSemaphore> waiter = p.slots.acquire();
    p.slots.release(); // the slot passes to the waiter, still in flight
    assertTrue(waiter.isCalled());

    clock.advance(SWEEP);
    assertEquals(1, pools.size());

    p.slots.release();
    clock.advance(SWEEP);
    assertEquals(0, pools.size());
  }

  @Test
  void anOriginWithAnOpenConnectionIsKeptUntilItCloses() {
    OriginPool p = pools.get("http://a.test:80");
    EmbeddedChannel ch = openConnection(p);

    clock.advance(SWEEP);
    assertEquals(1, pools.size(), "a connection in use is open");

    ch.close();
    clock.advance(SWEEP);
    assertEquals(0, pools.size());
  }

  @Test
  void anIdleConnectionKeepsItsOriginUntilTheIdleTimeoutClosesIt() {
    OriginPool p = pools.get("http://a.test:80");
    EmbeddedChannel ch = openConnection(p);
    p.release(ch.attr(Http1Pipeline.CONN).get());
    assertEquals(1, pools.idleConnections());

    clock.advance(IDLE); // the idle timer closes the connection
    assertFalse(ch.isOpen());
    assertEquals(0, pools.openConnections());
    assertEquals(1, pools.size(), "until the sweep");

    clock.advance(SWEEP.minus(IDLE));
    assertEquals(0, pools.size());
  }

  @Test
  void onlyTheUnusedOriginsAreForgotten() {
    OriginPool busy = pools.get("http://busy.test:80");
    pools.get("http://quiet.test:80");
    assertTrue(busy.slots.tryAcquire());

    clock.advance(SWEEP);

    assertEquals(1, pools.size());
    assertSame(busy, pools.get("http://busy.test:80"));
  }

  @Test
  void closeStopsTheSweepAndClosesIdleConnections() {
    OriginPool p = pools.get("http://a.test:80");
    EmbeddedChannel ch = openConnection(p);
    p.release(ch.attr(Http1Pipeline.CONN).get());

    pools.close();

    assertFalse(ch.isOpen());
    assertTrue(
        clock.getDelayedCalls().stream().noneMatch(c -> c.time() == SWEEP.toNanos()),
        "no sweep left: " + clock.getDelayedCalls());
  }

  @Test
  void theSweepIntervalMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new OriginPools(clock, Duration.ZERO, o -> null));
  }

  @Test
  void theGlobalSlotsRefuseWaitersBeyondTheirBound() throws Exception {
    try (Reactor reactor = new Reactor(1)) {
      FetcherCore core =
          reactor
              .callOnLoopValue(() -> new FetcherCore(reactor, FetcherConfig.DEFAULTS.withMaxInFlight(1), (SslContext) null, FetchListener.NONE))
              .get();
      DeferredSemaphore global = core.globalSlots;
      assertEquals(FetcherCore.MAX_WAITING_FOR_GLOBAL_SLOT, global.maxWaiting());
      List<Deferred<DeferredSemaphore>> waiters = new ArrayList<>();
      Deferred<DeferredSemaphore> overflow =
          reactor
              .callOnLoopValue(
                  () -> {
                    global.tryAcquire();
                    for (int i = 0; i < FetcherCore.MAX_WAITING_FOR_GLOBAL_SLOT; i++) {
                      waiters.add(global.acquire());
                    }
                    return global.acquire();
                  })
              .get();
      List<Throwable> seen = new ArrayList<>();
      reactor
          .callOnLoopValue(
              () -> overflow.addErrback(f -> {
                seen.add(f.value());
                return null;
              }))
          .get();
      assertEquals(1, seen.size());
      assertTrue(seen.get(0) instanceof QueueOverflowException, seen.toString());
      reactor.callOnLoopValue(() -> {
        for (Deferred<DeferredSemaphore> w : waiters) {
          w.cancel();
          w.addErrback(f -> null); // the cancellations are expected
        }
        core.close();
        return null;
      }).get();
    }
  }

  /** A connection of {@code p} on an embedded channel, counted open until the channel closes. */
  private static EmbeddedChannel openConnection(OriginPool p) {
    EmbeddedChannel ch = new EmbeddedChannel();
    Conn conn = new Conn(ch, p.origin, p, null);
    ch.attr(Http1Pipeline.CONN).set(conn);
    p.opened();
    ch.closeFuture().addListener(f -> p.closed());
    return ch;
  }
}
