package io.fetchd.metrics;

/**
 * A tiny writer of the Prometheus text exposition format 0.0.4, for the probe's own output (which
 * must not go through the global registry: each probe is a fresh, self-contained answer).
 * Gauges only, which is all the blackbox format uses. Not thread-safe: one writer per reply.
 */
final class PrometheusText {
  private final StringBuilder out = new StringBuilder(1024);

  /** Starts a family: its HELP and TYPE lines. */
  PrometheusText gauge(String name, String help) {
    out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    return this;
  }

  /** A sample without labels. */
  PrometheusText sample(String name, double value) {
    out.append(name).append(' ').append(format(value)).append('\n');
    return this;
  }

  /** A sample with one label. */
  PrometheusText sample(String name, String label, String labelValue, double value) {
    out.append(name).append('{').append(label).append("=\"").append(escapeLabel(labelValue)).append("\"} ")
        .append(format(value)).append('\n');
    return this;
  }

  /** A sample with several labels, given as name, value, name, value... */
  PrometheusText sample(String name, java.util.List<String> labels, double value) {
    out.append(name).append('{');
    for (int i = 0; i + 1 < labels.size(); i += 2) {
      if (i > 0) {
        out.append(',');
      }
      out.append(labels.get(i)).append("=\"").append(escapeLabel(labels.get(i + 1))).append('"');
    }
    out.append("} ").append(format(value)).append('\n');
    return this;
  }

  /** A family with a single unlabelled sample. */
  PrometheusText single(String name, String help, double value) {
    return gauge(name, help).sample(name, value);
  }

  @Override
  public String toString() {
    return out.toString();
  }

  static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  static String escapeLabel(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String escapeHelp(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
