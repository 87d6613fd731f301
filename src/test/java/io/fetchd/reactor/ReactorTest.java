package io.fetchd.reactor;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.defer.DelayedCall;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reactor on a real Netty loop; each test bridges to the loop once, with a bounded wait. */
class ReactorTest {
  private final Reactor reactor = new Reactor();

  @AfterEach
  void closeReactor() {
    reactor.close();
  }

  private static Duration ms(long n) {
    return Duration.ofMillis(n);
  }

  /** Runs {@code fn} on the reactor thread and waits (5 s at most) for its result. */
  private <T> T onLoop(Callable<T> fn) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    reactor.callFromThread(() -> {
      try {
        result.complete(fn.call());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
    try {
      return result.get(5, SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Schedules named calls on the loop, then waits until {@code lastMs} has passed. */
  private List<String> runOnLoop(long lastMs, LoopScript script) throws Exception {
    List<String> ran = new ArrayList<>();
    CompletableFuture<List<String>> done = new CompletableFuture<>();
    reactor.callFromThread(() -> {
      script.run(ran);
      reactor.callLater(ms(lastMs), () -> done.complete(List.copyOf(ran)));
    });
    return done.get(5, SECONDS);
  }

  @FunctionalInterface
  private interface LoopScript {
    void run(List<String> ran);
  }

  @Test
  void callLaterRunsCallsInTheOrderOfTheirDelays() throws Exception {
    List<String> ran =
        runOnLoop(60, log -> {
          reactor.callLater(ms(40), () -> log.add("40"));
          reactor.callLater(ms(0), () -> log.add("0"));
          reactor.callLater(ms(20), () -> log.add("20"));
        });
    assertEquals(List.of("0", "20", "40"), ran);
  }

  @Test
  void aCancelledCallNeverRuns() throws Exception {
    List<String> ran =
        runOnLoop(40, log -> {
          DelayedCall call = reactor.callLater(ms(10), () -> log.add("cancelled"));
          reactor.callLater(ms(20), () -> log.add("kept"));
          call.cancel();
          log.add("active=" + call.isActive());
        });
    assertEquals(List.of("active=false", "kept"), ran);
  }

  @Test
  void resetPostponesACallPastALaterOne() throws Exception {
    List<String> ran =
        runOnLoop(100, log -> {
          DelayedCall a = reactor.callLater(ms(5), () -> log.add("a"));
          reactor.callLater(ms(30), () -> log.add("b"));
          a.reset(ms(60));
        });
    assertEquals(List.of("b", "a"), ran);
  }

  @Test
  void delayPushesACallBackFromItsOwnTime() throws Exception {
    List<String> ran =
        runOnLoop(100, log -> {
          DelayedCall a = reactor.callLater(ms(5), () -> log.add("a"));
          long before = a.time();
          reactor.callLater(ms(30), () -> log.add("b"));
          a.delay(ms(55));
          log.add("moved=" + (a.time() - before));
        });
    assertEquals(List.of("moved=55000000", "b", "a"), ran);
  }

  @Test
  void negativeDelayBringsACallForwardLikeTwisted() throws Exception {
    List<String> ran =
        runOnLoop(100, log -> {
          DelayedCall a = reactor.callLater(ms(60), () -> log.add("a"));
          reactor.callLater(ms(30), () -> log.add("b"));
          a.delay(ms(-55));
        });
    assertEquals(List.of("a", "b"), ran);
  }

  @Test
  void finishedCallsRefuseCancelLikeTwisted() throws Exception {
    java.util.concurrent.CompletableFuture<Void> hasRun = new java.util.concurrent.CompletableFuture<>();
    DelayedCall ran = onLoop(() -> reactor.callLater(Duration.ZERO, () -> hasRun.complete(null)));
    // Netty moves due scheduled tasks into its queue only when it polls, so wait for the call itself.
    hasRun.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThrows(CallAlreadyRanException.class, () -> onLoop(() -> {
      ran.cancel();
      return null;
    }));
    DelayedCall cancelled = onLoop(() -> {
      DelayedCall c = reactor.callLater(ms(1000), () -> {});
      c.cancel();
      return c;
    });
    assertThrows(CallAlreadyCancelledException.class, () -> onLoop(() -> {
      cancelled.reset(ms(1));
      return null;
    }));
  }

  @Test
  void callLaterOffTheLoopIsRefusedWithAClearMessage() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> reactor.callLater(ms(1), () -> {}));
    assertTrue(e.getMessage().contains("callLater must be called on the reactor thread"));
    assertTrue(e.getMessage().contains(Thread.currentThread().getName()));
  }

  @Test
  void cancellingOffTheLoopIsRefused() throws Exception {
    DelayedCall call = onLoop(() -> reactor.callLater(ms(10_000), () -> {}));
    assertThrows(IllegalStateException.class, call::cancel);
    assertTrue(onLoop(call::isActive));
  }

  @Test
  void callFromThreadRunsTheTaskOnTheReactorThread() throws Exception {
    assertFalse(reactor.inEventLoop());
    CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
    Thread foreign = new Thread(() -> reactor.callFromThread(() -> onLoop.complete(reactor.inEventLoop())));
    foreign.start();
    assertTrue(onLoop.get(5, SECONDS));
    foreign.join(5000);
  }

  @Test
  void anExceptionInADelayedCallIsLoggedAndTheLoopGoesOn() throws Exception {
    Logger jul = Logger.getLogger(Reactor.class.getName());
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    jul.addHandler(handler);
    try {
      List<String> ran =
          runOnLoop(20, log -> reactor.callLater(ms(1), () -> {
            throw new IllegalStateException("boom in a call");
          }));
      assertEquals(List.of(), ran);
      assertEquals(1, records.size());
      assertEquals("boom in a call", records.get(0).getThrown().getMessage());
      assertTrue(records.get(0).getMessage().startsWith("Unhandled exception in delayed call"));
    } finally {
      jul.removeHandler(handler);
    }
  }

  @Test
  void stopLetsQueuedTasksRunThenCompletesWhenTheLoopTerminates() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    reactor.callFromThread(() -> ran.add("queued before stop"));
    CompletableFuture<Void> stopped = reactor.stop(ms(10), ms(2000));
    assertTrue(reactor.isStopping());
    stopped.get(5, SECONDS);
    assertTrue(reactor.isTerminated());
    assertEquals(List.of("queued before stop"), ran);
    assertTrue(reactor.eventLoop().isTerminated());
    assertThrows(RejectedExecutionException.class, () -> reactor.callFromThread(() -> {}));
  }

  @Test
  void stopTwiceReturnsTheSameOutcome() throws Exception {
    CompletableFuture<Void> first = reactor.stop(ms(0), ms(1000));
    CompletableFuture<Void> second = reactor.stop(); // the defaults would wait longer: ignored
    assertEquals(null, second.get(5, SECONDS));
    assertTrue(first.isDone(), "the second completes with the first, not on its own schedule");
    assertEquals(null, first.get());
    assertFalse(first.isCompletedExceptionally() || second.isCompletedExceptionally());
    assertTrue(reactor.isTerminated());
    CompletableFuture<Void> third = reactor.stop();
    assertTrue(third.isDone(), "after termination a stop is already complete");
    assertNotSame(first, second, "each caller gets its own copy: cancelling one cannot affect another");
  }

  @Test
  void closeOnTheReactorThreadIsRefused() {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> {
          CompletableFuture<Void> result = new CompletableFuture<>();
          reactor.callFromThread(() -> {
            try {
              reactor.close();
              result.complete(null);
            } catch (Throwable t) {
              result.completeExceptionally(t);
            }
          });
          result.get(5, SECONDS);
        });
    assertTrue(e.getCause() instanceof IllegalStateException);
    assertTrue(e.getCause().getMessage().contains("cannot be called on its own loop thread"));
    assertFalse(reactor.isStopping());
  }

  @Test
  void runReturnsOnceAnotherThreadStopsTheReactor() throws Exception {
    reactor.callFromThread(() -> reactor.stop(ms(0), ms(1000)));
    CompletableFuture<Void> ran = CompletableFuture.runAsync(() -> {
      try {
        reactor.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    ran.get(5, SECONDS);
    assertTrue(reactor.isTerminated());
  }

  @Test
  void anAdoptedLoopIsLeftRunningByStop() throws Exception {
    DefaultEventLoop loop = new DefaultEventLoop();
    try {
      Reactor adopted = new Reactor(loop);
      assertSame(loop, adopted.eventLoop());
      adopted.stop().get(5, SECONDS);
      adopted.close();
      assertFalse(loop.isShuttingDown());
      CompletableFuture<Boolean> stillRuns = new CompletableFuture<>();
      loop.execute(() -> stillRuns.complete(loop.inEventLoop()));
      assertTrue(stillRuns.get(5, SECONDS));
    } finally {
      loop.shutdownGracefully(0, 1, SECONDS).get(5, SECONDS);
    }
  }

  @Test
  void theChannelTypeMatchesTheTransport() {
    assertEquals(Epoll.isAvailable(), reactor.isEpoll());
    assertEquals(
        Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class,
        reactor.socketChannelType());
    try (Reactor nio = Reactor.nio(2)) {
      assertFalse(nio.isEpoll());
      assertEquals(NioSocketChannel.class, nio.socketChannelType());
      assertNotEquals(null, nio.group());
    }
  }

  @Test
  void aDelayedCallsTimeIsNowPlusTheDelayOnTheReactorsClock() throws Exception {
    long[] window = onLoop(() -> {
      long before = reactor.nanoTime();
      DelayedCall c = reactor.callLater(ms(500), () -> {});
      long after = reactor.nanoTime();
      c.cancel();
      return new long[] {before + 500_000_000L, c.time(), after + 500_000_000L};
    });
    assertTrue(window[0] <= window[1] && window[1] <= window[2]);
  }

  @Test
  void zeroThreadsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Reactor(0));
  }
}
