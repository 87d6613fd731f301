package io.fetchd.bench.contenders;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Contender 2: fetchd's REST service, {@code POST /v1/fetch} with {@code {"options":{"body":
 * "none","sha256":false}}} (the library contender hashes nothing either; {@code --sha256 true}
 * turns hashing on), started by {@code bench/compare.sh} in its own JVM ({@code --pid}). This
 * client posts a warm-up batch, then the measured URLs in {@code --batches} batches at once, and
 * times the measured batches end to end (request written to last response byte read). The
 * request bodies and the buffers for the answers are made before the clock starts, and before
 * anything else the client compiles its own read path against an in-process server ({@link
 * ReadPathWarmup}, {@code --read-warmup-rounds}, default 300, 0 skips it). The
 * response is read whole over a plain socket ({@link RawHttp}) and parsed only after the clock
 * stops, with Jackson's streaming parser and no trees, whether buffered JSON or ({@code --accept
 * ndjson}) NDJSON: the client shares two cores with the service and nginx, so it does as little
 * as it can while timed. Per-URL latency is each result's {@code timings.totalMs}. This client's
 * own CPU over the measured batches is reported as {@code client_cpu_us_per_url}.
 *
 * <p>CPU per URL is the service process's utime+stime delta over the measured batches (from
 * /proc/PID/stat); peak RSS is its VmHWM. While the batches run, a sampler scrapes the service's
 * /metrics every {@code --sample-ms} (0: never) for the peak of {@code jvm_memory_used_bytes{area="heap"}}
 * (summed over pools). The event-loop lag p99 comes from the {@code
 * fetchd_event_loop_lag_seconds} histogram, scraped before and after: the smallest bucket bound
 * holding 99 % of the samples taken during the run.
 *
 * <p>Thread rule: main thread; one thread per batch and one for the sampler, all bounded.
 */
public final class ServiceClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ServiceClient() {}

  /** {@code fetchd-service}, or {@code fetchd-service-ndjson} with {@code --accept ndjson}. */
  private static String contenderName(String[] argv) {
    for (int i = 0; i + 1 < argv.length; i++) {
      if (argv[i].equals("--accept") && argv[i + 1].equals("ndjson")) {
        return "fetchd-service-ndjson";
      }
    }
    return "fetchd-service";
  }

  public static void main(String[] argv) {
    try {
      measure(argv);
    } catch (Exception e) {
      // The sampler's threads must not keep a failed run alive.
      System.err.println("fetchd-service client: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void measure(String[] argv) throws Exception {
    Run run = new Run(contenderName(argv), argv);
    String base = run.arg("service", "http://127.0.0.1:18090");
    long pid = Long.parseLong(run.arg("pid", "0"));
    int batches = Integer.parseInt(run.arg("batches", "1"));
    boolean ndjson = run.arg("accept", "json").equals("ndjson");
    long sampleMs = Long.parseLong(run.arg("sample-ms", "250"));
    boolean sha256 = Boolean.parseBoolean(run.arg("sha256", "false"));
    int warmupBatches = Integer.parseInt(run.arg("warmup-batches", "4"));
    int readWarmupRounds = Integer.parseInt(run.arg("read-warmup-rounds", "300"));
    URI service = URI.create(base);
    ReadPathWarmup.run(readWarmupRounds, 256 * 1024);

    // The heap sampler starts with the warm-up, so that its own code (the socket GET, the
    // parse) is compiled before the clock starts; only samples taken wholly inside the measured
    // batches count.
    long[] peakHeap = {-1};
    AtomicBoolean sampling = new AtomicBoolean(true);
    AtomicBoolean measuring = new AtomicBoolean(false);
    ExecutorService pool = Executors.newFixedThreadPool(batches + 1);
    Future<?> sampler = pool.submit(() -> {
      while (sampling.get() && sampleMs > 0) {
        try {
          boolean counts = measuring.get();
          // Only the heap family: a full scrape every 250 ms would cost the service CPU the
          // library contender never pays.
          long heap = heapUsed(get(service, "/metrics?name[]=jvm_memory_used_bytes"));
          if (counts && measuring.get()) {
            synchronized (peakHeap) {
              peakHeap[0] = Math.max(peakHeap[0], heap);
            }
          }
          Thread.sleep(sampleMs);
        } catch (InterruptedException e) {
          return null;
        } catch (IOException | RuntimeException e) {
          // A missed sample is not fatal; the next one comes sampleMs later.
          Thread.sleep(sampleMs);
        }
      }
      return null;
    });

    if (run.warmup > 0) {
      // The warm-up is split into batches, one after the other, as a service sees requests: the
      // JIT then compiles the request path (shared Netty decoders) and the fetch path together
      // before the measured batch, instead of undoing code compiled for the fetches when the
      // measured batch's request arrives.
      Run warmRun = new Run("fetchd-service", new String[] {"--urls", String.join(",", run.warmupUrls)});
      Run.Outcome w = new Run.Outcome(run.warmup);
      int per = Math.max(1, (run.warmup + warmupBatches - 1) / warmupBatches);
      for (int from = 0; from < run.warmup; from += per) {
        int to = Math.min(run.warmup, from + per);
        record(post(base, requestBody(warmRun, from, to, sha256), ndjson, run.timeoutSeconds, target(to - from)),
            from, ndjson, w);
      }
      if (w.ok == 0) {
        throw new IllegalStateException("warm-up batch had no successful fetch; first error " + w.errors[0]);
      }
    }

    String metricsBefore = get(service, "/metrics");
    Run.Outcome o = new Run.Outcome(run.count);
    // Request bodies, response buffers and the tasks that post them are made before the clock
    // starts (the first lambda of a kind spins a class): the timed part is writing and reading
    // bytes only.
    int per = (run.count + batches - 1) / batches;
    List<Callable<RawHttp.Response>> posts = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      int from = b * per;
      int to = Math.min(run.count, from + per);
      byte[] body = requestBody(run, from, to, sha256);
      RawHttp.Target into = target(to - from);
      posts.add(() -> post(base, body, ndjson, run.timeoutSeconds, into));
    }
    long cpu0 = Run.procCpuNanos(pid);
    java.util.Map<String, Long> threads0 = Run.threadCpuNanos(pid);
    long clientCpu0 = Run.processCpuNanos();
    measuring.set(true);
    long start = System.nanoTime();
    List<Future<RawHttp.Response>> running = new ArrayList<>();
    for (Callable<RawHttp.Response> p : posts) {
      running.add(pool.submit(p));
    }
    List<RawHttp.Response> responses = new ArrayList<>();
    for (Future<RawHttp.Response> f : running) {
      responses.add(f.get(run.timeoutSeconds, TimeUnit.SECONDS));
    }
    o.elapsed(System.nanoTime() - start);
    measuring.set(false);
    o.cpu(Run.procCpuNanos(pid) - cpu0);
    o.put("cpu_threads_us_per_url", Run.threadCpuPerUrl(threads0, Run.threadCpuNanos(pid), run.count));
    long clientCpu = Run.processCpuNanos() - clientCpu0;
    for (int b = 0; b < batches; b++) {
      record(responses.get(b), b * per, ndjson, o);
    }
    sampling.set(false);
    sampler.cancel(true); // ends its sleep; the peak so far is in peakHeap
    pool.shutdownNow();
    String metricsAfter = get(service, "/metrics");
    o.put("batches", batches);
    o.put("client_cpu_us_per_url", Run.fmt(clientCpu / 1000.0 / run.count, 1));
    o.put("accept", ndjson ? "ndjson" : "json");
    o.put("sha256", sha256);
    o.put("peak_heap_mb", Run.fmt(Math.max(peakHeap[0], heapUsed(metricsAfter)) / 1048576.0, 1));
    o.put("loop_lag_p99_ms", lagP99Ms(metricsBefore, metricsAfter));
    o.put("loop_lag_samples", (long) (lagCount(metricsAfter) - lagCount(metricsBefore)));
    run.print(o, String.valueOf(pid));
    System.exit(0);
  }

  /** The body of a POST /v1/fetch for URLs {@code from} (inclusive) to {@code to}. */
  private static byte[] requestBody(Run run, int from, int to, boolean sha256) {
    StringBuilder body = new StringBuilder((to - from) * 40).append("{\"urls\":[");
    for (int i = from; i < to; i++) {
      body.append(i == from ? "\"" : ",\"").append(run.url(i)).append('"');
    }
    body.append("],\"options\":{\"body\":\"none\",\"sha256\":").append(sha256).append("}}");
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A place to read the answer for {@code urls} URLs into; about 330 bytes a result with body none. */
  private static RawHttp.Target target(int urls) {
    return new RawHttp.Target((int) Math.min(Integer.MAX_VALUE - 16, 512L * urls + 4096));
  }

  /**
   * POSTs {@code body} as one batch and reads the whole response into {@code into}; nothing is
   * parsed yet, so the client's CPU while the batch is timed is the socket reads only.
   */
  private static RawHttp.Response post(String base, byte[] body, boolean ndjson, long timeoutSeconds,
      RawHttp.Target into) throws IOException {
    RawHttp.Response resp = RawHttp.post(URI.create(base + "/v1/fetch"), "application/json",
        ndjson ? "application/x-ndjson" : "application/json", body,
        (int) TimeUnit.SECONDS.toMillis(timeoutSeconds), into);
    if (resp.status() != 200) {
      throw new IOException("POST /v1/fetch answered " + resp.status() + ": " + resp.text(2000));
    }
    return resp;
  }

  /**
   * Parses a response read by {@link #post} with Jackson's streaming parser, one result at a time
   * and without building trees, and records each result into {@code o}.
   */
  private static void record(RawHttp.Response resp, int from, boolean ndjson, Run.Outcome o) throws IOException {
    try (JsonParser p = MAPPER.getFactory().createParser(resp.body(), 0, resp.length())) {
      if (ndjson) {
        // One object per line: a result (it has "index") or the closing {"summary":...}.
        while (p.nextToken() == JsonToken.START_OBJECT) {
          readObject(p, from, o);
        }
      } else {
        while (p.nextToken() != null) {
          if (p.currentToken() == JsonToken.FIELD_NAME && "results".equals(p.currentName())
              && p.getParsingContext().getParent().inRoot()) {
            p.nextToken();
            while (p.nextToken() == JsonToken.START_OBJECT) {
              readObject(p, from, o);
            }
          }
        }
      }
    }
  }

  /**
   * Reads one object (the parser is on its START_OBJECT) with a streaming parser, keeping only
   * what the report needs: index, ok, bytes, timings.totalMs, error.type. Builds no tree, as an
   * efficient consumer of the API would. An object without "index" (the NDJSON summary) is
   * skipped.
   */
  private static void readObject(JsonParser p, int from, Run.Outcome o) throws IOException {
    int index = -1;
    boolean ok = false;
    long bytes = 0;
    long latency = 0;
    String errorType = "unknown";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "index" -> index = p.getIntValue();
        case "ok" -> ok = v == JsonToken.VALUE_TRUE;
        case "bytes" -> bytes = p.getLongValue();
        case "timings" -> latency = totalMs(p);
        case "error" -> errorType = errorType(p);
        default -> p.skipChildren();
      }
    }
    if (index >= 0) {
      o.record(from + index, latency, ok ? bytes : 0, ok ? null : errorType);
    }
  }

  private static long totalMs(JsonParser p) throws IOException {
    long latency = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      if (name.equals("totalMs")) {
        latency = (long) (p.getDoubleValue() * 1e6);
      }
    }
    return latency;
  }

  private static String errorType(JsonParser p) throws IOException {
    String type = "unknown";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      if (name.equals("type")) {
        type = p.getText();
      } else {
        p.skipChildren();
      }
    }
    return type;
  }

  /** GETs {@code pathAndQuery} from the service: its body as text, or an IOException unless 200. */
  private static String get(URI service, String pathAndQuery) throws IOException {
    RawHttp.Response resp = RawHttp.get(service.getHost(), service.getPort(), pathAndQuery, 10_000,
        new RawHttp.Target(1 << 16));
    if (resp.status() != 200) {
      throw new IOException("GET " + pathAndQuery + " answered " + resp.status() + ": " + resp.text(2000));
    }
    return resp.text(Integer.MAX_VALUE);
  }

  /** Sum of {@code jvm_memory_used_bytes{area="heap",...}} over pools. */
  static long heapUsed(String metrics) {
    double sum = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return (long) sum;
  }

  /** Cumulative bucket counts of the loop-lag histogram by upper bound (seconds), over loops. */
  static TreeMap<Double, Double> lagBuckets(String metrics) {
    TreeMap<Double, Double> m = new TreeMap<>();
    for (String line : metrics.split("\n")) {
      if (line.startsWith("fetchd_event_loop_lag_seconds_bucket{")) {
        int le = line.indexOf("le=\"") + 4;
        String bound = line.substring(le, line.indexOf('"', le));
        double b = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
        m.merge(b, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
      }
    }
    return m;
  }

  static double lagCount(String metrics) {
    TreeMap<Double, Double> m = lagBuckets(metrics);
    return m.isEmpty() ? 0 : m.lastEntry().getValue();
  }

  /** Upper bound (ms) of the bucket where the run's 99th percentile falls; "n/a" without samples. */
  static String lagP99Ms(String before, String after) {
    TreeMap<Double, Double> a = lagBuckets(after);
    TreeMap<Double, Double> b = lagBuckets(before);
    double total = lagCount(after) - lagCount(before);
    if (total <= 0) {
      return "n/a";
    }
    for (var e : a.entrySet()) {
      double delta = e.getValue() - b.getOrDefault(e.getKey(), 0.0);
      if (delta >= 0.99 * total) {
        return e.getKey().isInfinite() ? "inf" : "le" + String.format(Locale.ROOT, "%.1f", e.getKey() * 1000);
      }
    }
    return "n/a";
  }
}
