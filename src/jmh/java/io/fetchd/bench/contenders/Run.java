package io.fetchd.bench.contenders;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every contender of {@code bench/compare.sh} shares: argument parsing, the URL list, the
 * measured window's CPU time and the one {@code RESULT key=value ...} line that {@code
 * bench/compare.py} reads. Not a test; loopback upstreams only.
 *
 * <p>Arguments ({@code --key value}): {@code --label}, {@code --urls} (comma-separated, used
 * round-robin; {@code {1..64}} in a URL expands to 64 hosts), {@code --count}, {@code
 * --concurrency} (requests outstanding), {@code --per-host} (connection limit per origin), {@code
 * --warmup} (fetches on a throwaway client before the measured one), {@code --warmup-urls}, {@code
 * --warmup-concurrency} (the warm-up's window, default the smaller of 64 and {@code --concurrency};
 * its per-host limit is raised to fit), {@code --timeout-s} (bound on the whole measured run).
 *
 * <p>Thread rule: the instance belongs to the contender's main thread; {@link #record} may be
 * called from any one thread at a time per index (each index is written once).
 */
public final class Run {
  public final String contender;
  public final String label;
  public final List<String> urls;
  public final List<String> warmupUrls;
  public final int count;
  public final int concurrency;
  public final int perHost;
  public final int warmup;
  public final int warmupConcurrency;
  public final long timeoutSeconds;
  final Map<String, String> args;

  public Run(String contender, String[] argv) {
    this.contender = contender;
    this.args = parse(argv);
    this.label = args.getOrDefault("label", "run");
    this.urls = expand(args.getOrDefault("urls", "http://127.0.0.1:18080/small"));
    this.warmupUrls = expand(args.getOrDefault("warmup-urls", String.join(",", urls)));
    this.count = Integer.parseInt(args.getOrDefault("count", "20000"));
    this.concurrency = Integer.parseInt(args.getOrDefault("concurrency", "64"));
    this.perHost = Integer.parseInt(args.getOrDefault("per-host", "64"));
    this.warmup = Integer.parseInt(args.getOrDefault("warmup", "0"));
    this.warmupConcurrency = Integer.parseInt(
        args.getOrDefault("warmup-concurrency", String.valueOf(Math.min(concurrency, 64))));
    this.timeoutSeconds = Long.parseLong(args.getOrDefault("timeout-s", "300"));
  }

  public String arg(String key, String dflt) {
    return args.getOrDefault(key, dflt);
  }

  /** The URL of fetch {@code i} (round-robin). */
  public String url(int i) {
    return urls.get(i % urls.size());
  }

  /** CPU time of this whole process (all threads: I/O, GC, JIT), nanoseconds. */
  public static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** utime+stime of another process from /proc/PID/stat, nanoseconds (clock ticks of 10 ms). */
  public static long procCpuNanos(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // After the command: state(0) ppid(1) ... utime(11) stime(12), in USER_HZ ticks (100 on Linux).
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
  }

  /**
   * utime+stime per thread group of process {@code pid}, nanoseconds, from each /proc/PID/task/TID/stat:
   * {@code loop} (fetchd's reactor, AHC's I/O thread), {@code c2}, {@code c1}, {@code gc} and
   * {@code other}. Threads that ended since are missing, so use it for deltas over a run only.
   */
  public static Map<String, Long> threadCpuNanos(long pid) {
    Map<String, Long> out = new TreeMap<>();
    try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(t.resolve("stat"));
          String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long nanos = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
          out.merge(threadGroup(comm), nanos, Long::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended between the listing and the read
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  private static String threadGroup(String comm) {
    if (comm.startsWith("fetchd-reactor") || comm.startsWith("AsyncHttpClient")) {
      return "loop";
    }
    if (comm.startsWith("C2 Compiler")) {
      return "c2";
    }
    if (comm.startsWith("C1 Compiler")) {
      return "c1";
    }
    if (comm.startsWith("GC Thread") || comm.startsWith("VM Thread")) {
      return "gc";
    }
    return "other";
  }

  /** {@code after - before} per group as {@code loop:12.3/c2:4.5/...} in microseconds per URL. */
  public static String threadCpuPerUrl(Map<String, Long> before, Map<String, Long> after, int count) {
    StringBuilder b = new StringBuilder();
    for (String g : List.of("loop", "c2", "c1", "gc", "other")) {
      long d = after.getOrDefault(g, 0L) - before.getOrDefault(g, 0L);
      b.append(b.length() == 0 ? "" : "/").append(g).append(':').append(fmt(Math.max(0, d) / 1e3 / count, 1));
    }
    return b.toString();
  }

  /** A field of /proc/PID/status in kB (VmHWM = peak RSS, VmRSS = current), or -1. */
  public static long procStatusKb(String pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** The results of one measured run, printed as one {@code RESULT} line. */
  public static final class Outcome {
    final long[] latencyNanos;
    final String[] errors;
    int ok;
    int errorCount;
    long bytes;
    long elapsedNanos;
    long cpuNanos;
    final Map<String, String> extra = new LinkedHashMap<>();

    public Outcome(int count) {
      latencyNanos = new long[count];
      errors = new String[1];
    }

    /** Records fetch {@code i}; {@code error} is null for a 2xx response. */
    public synchronized void record(int i, long latency, long bodyBytes, String error) {
      latencyNanos[i] = latency;
      if (error == null) {
        ok++;
        bytes += bodyBytes;
      } else if (errorCount++ == 0) {
        errors[0] = error.replaceAll("\\s+", "_");
      }
    }

    /** The measured run took {@code nanos} and ended now; also records its wall-clock window. */
    public void elapsed(long nanos) {
      elapsedNanos = nanos;
      long end = System.currentTimeMillis();
      put("window_epoch_ms", (end - nanos / 1_000_000) + "-" + end);
    }

    public void cpu(long nanos) {
      cpuNanos = nanos;
    }

    public void put(String key, Object value) {
      extra.put(key, String.valueOf(value));
    }

    public synchronized int done() {
      return ok + errorCount;
    }
  }

  /** Prints {@code o} as {@code RESULT contender=... key=value ...}; peak RSS is this JVM's. */
  public void print(Outcome o) {
    print(o, String.valueOf(ProcessHandle.current().pid()));
  }

  /** As {@link #print(Outcome)}, with the peak RSS of process {@code rssPid}. */
  public void print(Outcome o, String rssPid) {
    int n = o.done();
    long[] v = Arrays.copyOf(o.latencyNanos, count);
    Arrays.sort(v);
    double secs = o.elapsedNanos / 1e9;
    StringBuilder b = new StringBuilder("RESULT");
    kv(b, "contender", contender);
    kv(b, "workload", label);
    kv(b, "count", count);
    kv(b, "concurrency", concurrency);
    kv(b, "per_host", perHost);
    kv(b, "ok", o.ok);
    kv(b, "errors", o.errorCount + (count - n));
    kv(b, "elapsed_s", fmt(secs, 3));
    kv(b, "urls_per_s", fmt(n == 0 ? 0 : count / secs, 0));
    kv(b, "p50_ms", fmt(pct(v, 0.50), 2));
    kv(b, "p99_ms", fmt(pct(v, 0.99), 2));
    kv(b, "max_ms", fmt(pct(v, 1.0), 2));
    kv(b, "cpu_us_per_url", fmt(o.cpuNanos / 1e3 / count, 1));
    kv(b, "peak_rss_mb", fmt(procStatusKb(rssPid, "VmHWM") / 1024.0, 1));
    kv(b, "body_mb", fmt(o.bytes / 1048576.0, 1));
    for (Map.Entry<String, String> e : o.extra.entrySet()) {
      kv(b, e.getKey(), e.getValue());
    }
    kv(b, "first_error", o.errors[0] == null ? "none" : o.errors[0]);
    System.out.println(b);
    System.out.flush();
  }

  private static void kv(StringBuilder b, String k, Object v) {
    b.append(' ').append(k).append('=').append(v);
  }

  static String fmt(double d, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", d);
  }

  private static double pct(long[] sorted, double q) {
    int idx = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
    return sorted[idx] / 1e6;
  }

  /** Splits on commas; {@code {1..N}} inside one URL expands to N URLs. */
  static List<String> expand(String spec) {
    List<String> out = new ArrayList<>();
    for (String u : spec.split(",")) {
      int open = u.indexOf('{');
      if (open < 0) {
        out.add(u);
        continue;
      }
      int close = u.indexOf('}', open);
      String[] range = u.substring(open + 1, close).split("\\.\\.");
      for (int k = Integer.parseInt(range[0]); k <= Integer.parseInt(range[1]); k++) {
        out.add(u.substring(0, open) + k + u.substring(close + 1));
      }
    }
    return out;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --key value, got " + args[i]);
      }
      m.put(args[i].substring(2), args[i + 1]);
    }
    return m;
  }
}
