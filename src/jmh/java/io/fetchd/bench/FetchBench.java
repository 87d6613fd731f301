package io.fetchd.bench;

import io.fetchd.client.FetchRequest;
import io.fetchd.client.FetchResult;
import io.fetchd.client.FetcherConfig;
import io.fetchd.client.HttpFetcher;
import io.fetchd.client.RequestOptions;
import io.fetchd.client.policy.AddressPolicy;
import io.fetchd.defer.Failure;
import io.fetchd.reactor.Reactor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end fetcher benchmark (not a test): fetches {@code count} URLs with at most {@code
 * concurrency} in flight on one reactor thread and prints URLs/s, p50/p99 latency, errors, peak
 * heap and elapsed time as one line of {@code key=value} pairs.
 *
 * <p>Usage: {@code FetchBench --urls URL[,URL...] --count N --concurrency C [--per-host P]
 * [--warmup N]}. URLs are used round-robin. Loopback upstreams only (the policy allows 127/8).
 */
public final class FetchBench {
  public static void main(String[] args) throws Exception {
    Map<String, String> a = parse(args);
    List<String> urls = Arrays.asList(a.getOrDefault("urls", "http://127.0.0.1:18080/small").split(","));
    int count = Integer.parseInt(a.getOrDefault("count", "20000"));
    int concurrency = Integer.parseInt(a.getOrDefault("concurrency", "64"));
    int perHost = Integer.parseInt(a.getOrDefault("per-host", "64"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "0"));
    String label = a.getOrDefault("label", "run");

    FetcherConfig config =
        FetcherConfig.DEFAULTS
            .withAddressPolicy(AddressPolicy.builder().allow("127.0.0.0/8").build())
            .withMaxConnectionsPerHost(perHost)
            .withMaxInFlight(Math.max(concurrency, 1))
            .withIdleTimeout(java.time.Duration.ofSeconds(30));
    try (Reactor reactor = new Reactor(1)) {
      if (warmup > 0) {
        // Warm the JIT, then throw the fetcher and its pooled connections away: the measured run
        // opens its connections cold.
        HttpFetcher warm = onLoop(reactor, () -> new HttpFetcher(reactor, config));
        run(reactor, warm, urls, warmup, concurrency);
        onLoop(reactor, () -> {
          warm.close();
          return null;
        });
      }
      HttpFetcher fetcher = onLoop(reactor, () -> new HttpFetcher(reactor, config));
      System.gc();
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        p.resetPeakUsage();
      }
      Stats s = run(reactor, fetcher, urls, count, concurrency);
      long peakHeap = 0;
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
          peakHeap += p.getPeakUsage().getUsed();
        }
      }
      System.out.printf(
          Locale.ROOT,
          "label=%s count=%d concurrency=%d ok=%d errors=%d elapsed_s=%.3f urls_per_s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f peak_heap_mb=%.1f first_error=%s%s%n",
          label, count, concurrency, s.ok, s.errors, s.elapsedNanos / 1e9,
          count / (s.elapsedNanos / 1e9), pct(s.latencies, 0.50), pct(s.latencies, 0.99),
          pct(s.latencies, 1.0), peakHeap / 1048576.0, s.firstError, s.phases());
      onLoop(reactor, () -> {
        fetcher.close();
        return null;
      });
    }
  }

  private static final class Stats {
    long[] latencies;
    int ok;
    int errors;
    long elapsedNanos;
    String firstError = "none";
    final double[] phaseSums = new double[6];
    final int[] phaseCounts = new int[6];

    void addPhases(io.fetchd.client.Timings t) {
      java.time.Duration[] d = {t.queue(), t.dns(), t.connect(), t.tls(), t.ttfb(), t.transfer()};
      for (int k = 0; k < d.length; k++) {
        if (d[k] != null) {
          phaseSums[k] += d[k].toNanos() / 1e6;
          phaseCounts[k]++;
        }
      }
    }

    String phases() {
      String[] names = {"queue", "dns", "connect", "tls", "ttfb", "transfer"};
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < names.length; k++) {
        if (phaseCounts[k] > 0) {
          b.append(String.format(Locale.ROOT, " avg_%s_ms=%.2f", names[k], phaseSums[k] / phaseCounts[k]));
        }
      }
      return b.toString();
    }
  }

  private static Stats run(Reactor reactor, HttpFetcher fetcher, List<String> urls, int count, int concurrency)
      throws Exception {
    Stats s = new Stats();
    s.latencies = new long[count];
    CompletableFuture<Void> done = new CompletableFuture<>();
    reactor.callFromThread(() -> new Object() {
      int next;
      int finished;
      final long start = System.nanoTime();

      void launch() {
        int i = next++;
        String url = urls.get(i % urls.size());
        long t0 = System.nanoTime();
        fetcher.fetch(new FetchRequest(url, RequestOptions.DEFAULTS.withSha256(false)))
            .addBoth((FetchResult r, Failure f) -> {
              s.latencies[i] = System.nanoTime() - t0;
              if (f == null) {
                s.ok++;
                s.addPhases(r.timings());
              } else {
                if (s.errors++ == 0) {
                  s.firstError = f.value().toString().replace(' ', '_');
                }
              }
              finished++;
              if (next < count) {
                launch();
              } else if (finished == count) {
                s.elapsedNanos = System.nanoTime() - start;
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
    done.get(10, TimeUnit.MINUTES);
    return s;
  }

  private static double pct(long[] values, double q) {
    long[] v = values.clone();
    Arrays.sort(v);
    int idx = (int) Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1));
    return v[idx] / 1e6;
  }

  private static <T> T onLoop(Reactor reactor, java.util.concurrent.Callable<T> fn) throws Exception {
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

  private static Map<String, String> parse(String[] args) {
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --key value, got " + args[i]);
      }
      m.put(args[i].substring(2), args[i + 1]);
    }
    return m;
  }
}
