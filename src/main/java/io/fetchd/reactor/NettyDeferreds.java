package io.fetchd.reactor;

import io.fetchd.defer.CancelledException;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.Failure;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.Objects;

/**
 * Bridges between Netty's futures and Deferreds.
 *
 * <p>Netty runs a future's listeners on the future's executor (for a channel future, the channel's
 * event loop), so a Deferred made here fires on that thread. Use these on the loop that owns the
 * future, which for fetchd is the reactor thread: Deferreds have no locks.
 */
public final class NettyDeferreds {
  private NettyDeferreds() {}

  /**
   * A Deferred that fires with {@code future}'s result, or fails with its cause, or with {@link
   * CancelledException} if the future was cancelled. Cancelling the Deferred cancels the future.
   * Call it on the future's executor thread.
   *
   * @param future the Netty future to follow
   * @param <V> the result type
   * @return a Deferred of the future's outcome
   */
  public static <V> Deferred<V> toDeferred(Future<V> future) {
    Objects.requireNonNull(future, "future");
    Deferred<V> d = new Deferred<>(cancelled -> future.cancel(false));
    future.addListener(
        (Future<V> f) -> {
          if (d.isCalled()) {
            return;
          }
          if (f.isCancelled()) {
            d.errback(new CancelledException("Netty future was cancelled"));
          } else if (f.isSuccess()) {
            d.callback(f.getNow());
          } else {
            d.errback(f.cause());
          }
        });
    return d;
  }

  /**
   * A Deferred that fires with the channel once {@code future} succeeds (a connect, a bind, a
   * write), or fails as {@link #toDeferred(Future)} does. Cancelling the Deferred cancels the
   * future. Call it on the channel's event loop.
   *
   * @param future the channel future to follow
   * @return a Deferred of the future's channel
   */
  public static Deferred<Channel> toDeferred(ChannelFuture future) {
    Objects.requireNonNull(future, "future");
    Channel channel = future.channel();
    Future<Void> plain = future;
    return toDeferred(plain).addCallback(ignored -> channel);
  }

  /**
   * Completes {@code promise} with {@code deferred}'s outcome: its result succeeds the promise, its
   * Failure fails it with the Failure's exception. From this point the outcome belongs to the
   * promise: {@code deferred}'s chain continues with null, so a Failure is reported once, by the
   * promise, not again as an unhandled Deferred error. Cancelling the promise cancels {@code
   * deferred}. If the promise was completed by someone else first, the outcome is dropped. Call it
   * on the thread that owns {@code deferred}, which must also be the promise's executor.
   *
   * @param deferred the Deferred whose outcome completes the promise
   * @param promise the promise to complete
   * @param <V> the result type
   * @return {@code promise}
   */
  public static <V> Promise<V> fromDeferred(Deferred<V> deferred, Promise<V> promise) {
    Objects.requireNonNull(deferred, "deferred");
    Objects.requireNonNull(promise, "promise");
    promise.addListener(
        (Future<V> f) -> {
          if (f.isCancelled()) {
            deferred.cancel();
          }
        });
    deferred.addBoth(
        (V value, Failure failure) -> {
          if (failure == null) {
            promise.trySuccess(value);
          } else {
            promise.tryFailure(failure.value());
          }
          return null;
        });
    return promise;
  }

  /**
   * As {@link #fromDeferred(Deferred, Promise)} with a new promise of {@code executor}.
   *
   * @param deferred the Deferred whose outcome completes the future
   * @param executor the executor of the new promise, the Deferred's thread
   * @param <V> the result type
   * @return a future of the Deferred's outcome
   */
  public static <V> Future<V> fromDeferred(Deferred<V> deferred, EventExecutor executor) {
    return fromDeferred(deferred, executor.<V>newPromise());
  }
}
