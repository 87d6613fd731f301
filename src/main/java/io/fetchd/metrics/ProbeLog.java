package io.fetchd.metrics;

import io.fetchd.defer.Scheduler;

/**
 * A probe's own log, for {@code debug=true}: logfmt lines as blackbox writes them ({@code level},
 * {@code msg}, then key=value pairs), each stamped with the seconds since the probe began rather
 * than the wall clock. Kept only when asked for; otherwise every call returns at once. Not
 * thread-safe: one per probe, on the reactor thread.
 */
final class ProbeLog {
  private final StringBuilder out;
  private final Scheduler clock;
  private final long start;
  private final String context;

  /** A log that keeps lines when {@code keep}; {@code module} and {@code target} prefix each. */
  ProbeLog(boolean keep, Scheduler clock, String module, String target) {
    this.out = keep ? new StringBuilder(1024) : null;
    this.clock = clock;
    this.start = clock.nanoTime();
    this.context = "module=" + value(module) + " target=" + value(target);
  }

  void info(String msg, String... keyValues) {
    line("info", msg, keyValues);
  }

  void error(String msg, String... keyValues) {
    line("error", msg, keyValues);
  }

  private void line(String level, String msg, String... kv) {
    if (out == null) {
      return;
    }
    double t = (clock.nanoTime() - start) / 1e9;
    out.append("elapsed_seconds=").append(String.format(java.util.Locale.ROOT, "%.6f", t)).append(' ')
        .append(context).append(" level=").append(level).append(" msg=").append(value(msg));
    for (int i = 0; i + 1 < kv.length; i += 2) {
      out.append(' ').append(kv[i]).append('=').append(value(kv[i + 1]));
    }
    out.append('\n');
  }

  /** A logfmt value: quoted when it holds a space, a quote, an equals sign or nothing. */
  private static String value(String v) {
    if (v == null) {
      return "null";
    }
    if (!v.isEmpty() && v.chars().noneMatch(c -> c <= ' ' || c == '"' || c == '=')) {
      return v;
    }
    return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }

  @Override
  public String toString() {
    return out == null ? "" : out.toString();
  }
}
