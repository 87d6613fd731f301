package io.fetchd.reactor;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.defer.CancelledException;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.Failure;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Netty bridges on a real event loop; each test waits once, bounded, for the loop's answer. */
class NettyDeferredsTest {
  private final Reactor reactor = Reactor.nio(1);

  @AfterEach
  void closeReactor() {
    reactor.close();
  }

  /** Runs {@code fn} on the loop; it completes the given future, which is awaited (5 s at most). */
  private <T> T onLoop(LoopTest<T> fn) throws Exception {
    CompletableFuture<T> outcome = new CompletableFuture<>();
    reactor.callFromThread(() -> {
      try {
        fn.run(outcome);
      } catch (Throwable t) {
        outcome.completeExceptionally(t);
      }
    });
    return outcome.get(5, SECONDS);
  }

  @FunctionalInterface
  private interface LoopTest<T> {
    void run(CompletableFuture<T> outcome) throws Exception;
  }

  /** "value on loop" or "ExceptionClass: message on loop" for whatever the Deferred ends with. */
  private static <V> void report(Deferred<V> d, CompletableFuture<String> outcome, Reactor r) {
    d.addBoth((V value, Failure failure) -> {
      String where = r.inEventLoop() ? " on loop" : " off loop";
      outcome.complete(
          failure == null
              ? value + where
              : failure.type().getSimpleName() + ": " + failure.getMessage() + where);
      return null;
    });
  }

  @Test
  void aSucceedingFutureFiresTheDeferredOnTheLoop() throws Exception {
    String result = onLoop(out -> {
      Promise<String> p = reactor.eventLoop().newPromise();
      report(NettyDeferreds.toDeferred(p), out, reactor);
      p.setSuccess("hello");
    });
    assertEquals("hello on loop", result);
  }

  @Test
  void aSucceedingFutureCompletedFromAnotherThreadStillFiresOnTheLoop() throws Exception {
    Promise<String> p = reactor.eventLoop().newPromise();
    CompletableFuture<String> out = new CompletableFuture<>();
    reactor.callFromThread(() -> report(NettyDeferreds.toDeferred(p), out, reactor));
    reactor.callFromThread(() -> CompletableFuture.runAsync(() -> p.setSuccess("later")));
    assertEquals("later on loop", out.get(5, SECONDS));
  }

  @Test
  void aFailingFutureFailsTheDeferredWithItsCause() throws Exception {
    String result = onLoop(out -> {
      Promise<String> p = reactor.eventLoop().newPromise();
      report(NettyDeferreds.toDeferred(p), out, reactor);
      p.setFailure(new IOException("refused"));
    });
    assertEquals("IOException: refused on loop", result);
  }

  @Test
  void cancellingTheDeferredCancelsTheNettyFuture() throws Exception {
    boolean cancelled = onLoop(out -> {
      Promise<String> p = reactor.eventLoop().newPromise();
      Deferred<String> d = NettyDeferreds.toDeferred(p);
      CompletableFuture<String> seen = new CompletableFuture<>();
      report(d, seen, reactor);
      d.cancel();
      assertEquals("CancelledException: Netty future was cancelled on loop", seen.getNow("nothing"));
      out.complete(p.isCancelled());
    });
    assertTrue(cancelled);
  }

  @Test
  void cancellingTheNettyFutureFailsTheDeferredWithCancelled() throws Exception {
    String result = onLoop(out -> {
      Promise<String> p = reactor.eventLoop().newPromise();
      report(NettyDeferreds.toDeferred(p), out, reactor);
      p.cancel(false);
    });
    assertEquals("CancelledException: Netty future was cancelled on loop", result);
  }

  @Test
  void aChannelFutureFiresWithItsChannel() throws Exception {
    Channel channel = new NioSocketChannel();
    try {
      Channel fired = onLoop(out -> {
        ChannelFuture registered = reactor.eventLoop().register(channel);
        NettyDeferreds.toDeferred(registered).addCallback(out::complete);
      });
      assertSame(channel, fired);
      assertTrue(channel.isRegistered());
    } finally {
      channel.close().get(5, SECONDS);
    }
  }

  @Test
  void aFailedChannelFutureFailsTheDeferred() throws Exception {
    Channel channel = new NioSocketChannel();
    try {
      String result = onLoop(out -> {
        ChannelFuture failed =
            new DefaultChannelPromise(channel, reactor.eventLoop())
                .setFailure(new IOException("no route"));
        report(NettyDeferreds.toDeferred(failed), out, reactor);
      });
      assertTrue(result.startsWith("IOException: no route"), result);
    } finally {
      channel.unsafe().closeForcibly();
    }
  }

  @Test
  void aFiredDeferredSucceedsThePromise() throws Exception {
    Future<String> f = onLoop(out -> {
      Deferred<String> d = new Deferred<>();
      Future<String> promise = NettyDeferreds.fromDeferred(d, reactor.eventLoop());
      d.callback("value");
      out.complete(promise);
    });
    assertEquals("value", f.get(5, SECONDS));
  }

  @Test
  void aFailedDeferredFailsThePromiseAndIsConsumed() throws Exception {
    Object[] after = new Object[1];
    Future<String> f = onLoop(out -> {
      Deferred<String> d = new Deferred<>();
      Future<String> promise = NettyDeferreds.fromDeferred(d, reactor.eventLoop());
      d.errback(new IOException("bad"));
      d.addBoth((value, failure) -> after[0] = failure == null ? "null result" : failure);
      out.complete(promise);
    });
    ExecutionException e = assertThrowsExecution(f::get);
    assertEquals("bad", e.getCause().getMessage());
    assertEquals("null result", after[0]);
  }

  @Test
  void cancellingThePromiseCancelsTheDeferred() throws Exception {
    String result = onLoop(out -> {
      Deferred<String> d = new Deferred<>();
      CompletableFuture<String> seen = new CompletableFuture<>();
      d.addErrback(failure -> {
        seen.complete(failure.type().getSimpleName());
        return failure.raise();
      });
      Promise<String> promise = reactor.eventLoop().newPromise();
      NettyDeferreds.fromDeferred(d, promise);
      promise.cancel(false);
      out.complete(seen.getNow("not cancelled") + ", promise cancelled=" + promise.isCancelled());
    });
    assertEquals(CancelledException.class.getSimpleName() + ", promise cancelled=true", result);
  }

  private static ExecutionException assertThrowsExecution(Callable<?> call) {
    try {
      call.call();
    } catch (ExecutionException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected ExecutionException, got " + e, e);
    }
    throw new AssertionError("expected ExecutionException, got a result");
  }
}
