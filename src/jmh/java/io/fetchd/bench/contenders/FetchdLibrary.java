package io.fetchd.bench.contenders;

import io.fetchd.client.FetchRequest;
import io.fetchd.client.FetchResult;
import io.fetchd.client.FetcherConfig;
import io.fetchd.client.HttpFetcher;
import io.fetchd.client.RequestOptions;
import io.fetchd.client.policy.AddressPolicy;
import io.fetchd.defer.Failure;
import io.fetchd.reactor.Reactor;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Contender 1: fetchd's {@link HttpFetcher} used as a library, with {@code FetchBench}'s
 * configuration and loop (the window is refilled on the reactor thread from each completion; body
 * mode NONE, SHA-256 off). Warm-up runs on a throwaway fetcher against {@code --warmup-urls}; the
 * measured fetcher is new, so its connections open cold.
 *
 * <p>Thread rule: main thread; fetches start and finish on the reactor thread.
 */
public final class FetchdLibrary {
  private FetchdLibrary() {}

  public static void main(String[] argv) throws Exception {
    Run run = new Run("fetchd-lib", argv);
    FetcherConfig config = config(run.perHost, run.concurrency);
    try (Reactor reactor = new Reactor(1)) {
      if (run.warmup > 0) {
        // The warm-up window (up to 64 on one host) gets a per-host limit that fits it, as in the
        // other contenders.
        int window = run.warmupConcurrency;
        FetcherConfig warmConfig = config(Math.max(run.perHost, window), window);
        HttpFetcher warm = onLoop(reactor, () -> new HttpFetcher(reactor, warmConfig));
        Run warmRun = new Run("fetchd-lib", new String[] {"--urls", String.join(",", run.warmupUrls)});
        drive(reactor, warm, warmRun, run.warmup, window, run.timeoutSeconds);
        onLoop(reactor, () -> {
          warm.close();
          return null;
        });
      }
      HttpFetcher fetcher = onLoop(reactor, () -> new HttpFetcher(reactor, config));
      System.gc();
      Run.Outcome o = drive(reactor, fetcher, run, run.count, run.concurrency, run.timeoutSeconds);
      run.print(o);
      onLoop(reactor, () -> {
        fetcher.close();
        return null;
      });
    }
  }

  /** FetchBench's configuration: loopback allowed, the given limits, 30 s idle timeout. */
  static FetcherConfig config(int perHost, int concurrency) {
    return FetcherConfig.DEFAULTS
        .withAddressPolicy(AddressPolicy.builder().allow("127.0.0.0/8").build())
        .withMaxConnectionsPerHost(perHost)
        .withMaxInFlight(Math.max(concurrency, 1))
        .withIdleTimeout(Duration.ofSeconds(30));
  }

  private static Run.Outcome drive(Reactor reactor, HttpFetcher fetcher, Run run, int count, int concurrency,
      long timeoutSeconds) throws Exception {
    Run.Outcome o = new Run.Outcome(count);
    RequestOptions options = RequestOptions.DEFAULTS.withSha256(false);
    CompletableFuture<Void> done = new CompletableFuture<>();
    long cpu0 = Run.processCpuNanos();
    java.util.Map<String, Long> threads0 = Run.threadCpuNanos(ProcessHandle.current().pid());
    reactor.callFromThread(() -> new Object() {
      int next;
      int finished;
      final long start = System.nanoTime();

      void launch() {
        int i = next++;
        long t0 = System.nanoTime();
        fetcher.fetch(new FetchRequest(run.url(i), options))
            .addBoth((FetchResult r, Failure f) -> {
              long latency = System.nanoTime() - t0;
              if (f == null) {
                o.record(i, latency, r.bytes(), null);
              } else {
                o.record(i, latency, 0, String.valueOf(f.value()));
              }
              finished++;
              if (next < count) {
                launch();
              } else if (finished == count) {
                o.elapsed(System.nanoTime() - start);
                done.complete(null);
              }
              return null;
            });
      }

      void begin() {
        for (int k = 0; k < Math.min(concurrency, count); k++) {
          launch();
        }
      }
    }.begin());
    done.get(timeoutSeconds, TimeUnit.SECONDS);
    o.cpu(Run.processCpuNanos() - cpu0);
    o.put("cpu_threads_us_per_url", Run.threadCpuPerUrl(threads0, Run.threadCpuNanos(ProcessHandle.current().pid()), count));
    return o;
  }

  private static <T> T onLoop(Reactor reactor, Callable<T> fn) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    reactor.callFromThread(() -> {
      try {
        f.complete(fn.call());
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    return f.get(30, TimeUnit.SECONDS);
  }
}
