package io.fetchd.client;

import io.fetchd.client.policy.AddressPolicy;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.Failure;
import io.fetchd.reactor.Reactor;
import io.fetchd.reactor.Transport;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A real reactor and fetcher for loopback tests. The fetcher allows loopback upstreams only
 * because this test config says so. Bridges to the test thread once, with a bounded wait.
 */
final class FetcherHarness implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);

  final Reactor reactor;
  final HttpFetcher fetcher;

  FetcherHarness() {
    this(c -> c);
  }

  FetcherHarness(Function<FetcherConfig, FetcherConfig> tweak) {
    this(tweak, FetchListener.NONE);
  }

  /** A harness configured as {@code tweak} of the loopback-allowing config, reporting to {@code listener}. */
  FetcherHarness(Function<FetcherConfig, FetcherConfig> tweak, FetchListener listener) {
    this(new Reactor(), tweak, listener);
  }

  /** A harness on {@code transport}, configured as {@code tweak} of the loopback-allowing config. */
  FetcherHarness(Transport transport, Function<FetcherConfig, FetcherConfig> tweak) {
    this(new Reactor(1, transport), tweak, FetchListener.NONE);
  }

  private FetcherHarness(
      Reactor reactor, Function<FetcherConfig, FetcherConfig> tweak, FetchListener listener) {
    this.reactor = reactor;
    FetcherConfig config =
        tweak.apply(
            FetcherConfig.DEFAULTS.withAddressPolicy(
                AddressPolicy.builder().allow("127.0.0.0/8").build()));
    fetcher = onLoop(() -> new HttpFetcher(reactor, config, listener));
  }

  /** Runs {@code fn} on the reactor thread and waits for its value. */
  <T> T onLoop(java.util.concurrent.Callable<T> fn) {
    return await(reactor.callOnLoopValue(fn));
  }

  /** The outcome of one fetch: a result, or the FetchException it failed with. */
  record Outcome(FetchResult result, Throwable error) {
    FetchResult ok() {
      if (error != null) {
        throw new AssertionError("expected success, got " + error, error);
      }
      return result;
    }

    <E extends Throwable> E failed(Class<E> type) {
      if (error == null) {
        throw new AssertionError("expected " + type.getSimpleName() + ", got result " + result);
      }
      if (!type.isInstance(error)) {
        throw new AssertionError("expected " + type.getSimpleName() + ", got " + error, error);
      }
      return type.cast(error);
    }
  }

  /**
   * Waits until {@code condition}, checked on the reactor thread every millisecond of loop time,
   * holds; fails after {@link #WAIT}, saying {@code what} was expected. For effects the loop
   * completes shortly after a call returns, such as a channel's close.
   */
  void awaitOnLoop(String what, java.util.function.BooleanSupplier condition) {
    CompletableFuture<Void> holds = new CompletableFuture<>();
    reactor.callFromThread(() -> check(condition, holds));
    try {
      holds.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("not within " + WAIT + ": " + what, e);
    } finally {
      holds.cancel(false); // stops the checks after a timeout
    }
  }

  private void check(java.util.function.BooleanSupplier condition, CompletableFuture<Void> holds) {
    if (holds.isDone()) {
      return;
    }
    try {
      if (condition.getAsBoolean()) {
        holds.complete(null);
        return;
      }
    } catch (Throwable t) {
      holds.completeExceptionally(t);
      return;
    }
    reactor.callLater(Duration.ofMillis(1), () -> check(condition, holds));
  }

  Outcome fetch(FetchRequest request) {
    return await(start(request));
  }

  Outcome fetch(String url) {
    return fetch(FetchRequest.get(url));
  }

  /** Starts a fetch on the loop; the future completes with its outcome. */
  CompletableFuture<Outcome> start(FetchRequest request) {
    CompletableFuture<Outcome> out = new CompletableFuture<>();
    reactor.callFromThread(() -> handle(fetcher.fetch(request), out));
    return out;
  }

  static void handle(Deferred<FetchResult> d, CompletableFuture<Outcome> out) {
    d.addBoth(
        (FetchResult r, Failure f) -> {
          out.complete(new Outcome(r, f == null ? null : f.value()));
          return null;
        });
  }

  static <T> T await(CompletableFuture<T> f) {
    return io.fetchd.testing.Await.within(WAIT, f);
  }

  @Override
  public void close() {
    onLoop(
        () -> {
          fetcher.close();
          return null;
        });
    reactor.close();
  }
}
