package io.fetchd.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One setting of a {@link Schema}, as read off its record component: the dotted path, the
 * environment variable derived from it, the kind of value, its bounds, rules and doc, and its
 * built-in default (the component's value in the root record's defaults). Immutable; any thread.
 *
 * @param path e.g. {@code server.port}
 * @param env e.g. {@code FETCHD_SERVER_PORT}
 * @param kind how the value is read
 * @param min the least value (milliseconds for a duration); {@link Long#MIN_VALUE} for none
 * @param max the greatest value; as large as the type allows when unbounded
 * @param rule the rule text values (or list items) follow, or null
 * @param atMost the path of a setting this one must not exceed, or null
 * @param doc what the setting means
 * @param defaultValue the built-in default, in the component's type
 */
record Key(
    String path,
    String env,
    ValueKind kind,
    long min,
    long max,
    TextRule rule,
    String atMost,
    String doc,
    Object defaultValue) {

  /** The environment variable of a path: {@code FETCHD_} and the path in upper snake case. */
  static String envName(String path) {
    return "FETCHD_" + path.replace('.', '_').replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  /**
   * Checks a value read by {@link ValueKind} against this setting's bounds and rule and returns
   * it in the component's type (Integer, Long, Boolean, Duration, String, List, BodyMode).
   *
   * @throws IllegalArgumentException with the problem alone; for a list item the message starts
   *     with its index in brackets, e.g. {@code [1] invalid allow rule ...}
   */
  Object check(Object parsed) {
    if (parsed instanceof BigInteger n) {
      if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
        throw new IllegalArgumentException(rangeRule() + ", got " + n);
      }
      return kind == ValueKind.INT ? (Object) n.intValue() : (Object) n.longValue();
    }
    if (parsed instanceof Duration d && d.toMillis() < min) {
      throw new IllegalArgumentException(
          (min == 1 ? "must be longer than 0" : "must be at least " + min + "ms") + ", got " + ConfigDurations.format(d));
    }
    if (rule != null && parsed instanceof String s) {
      String problem = rule.problem(s);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
    }
    if (rule != null && parsed instanceof List<?> items) {
      for (int i = 0; i < items.size(); i++) {
        String problem = rule.problem((String) items.get(i));
        if (problem != null) {
          throw new IllegalArgumentException("[" + i + "] " + problem);
        }
      }
    }
    return parsed;
  }

  /** A number's bounds in words, e.g. {@code must be between 0 and 65535}. */
  private String rangeRule() {
    boolean unbounded = max == Long.MAX_VALUE || max == Integer.MAX_VALUE;
    return unbounded ? "must be at least " + min : "must be between " + min + " and " + max;
  }
}
