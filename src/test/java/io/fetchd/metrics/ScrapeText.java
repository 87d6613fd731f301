package io.fetchd.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A tiny parser of the Prometheus text format, for assertions: every sample line as a name, its
 * labels and its value. Comments are kept apart ({@link #help}, {@link #type}).
 */
final class ScrapeText {
  record Sample(String name, Map<String, String> labels, double value) {}

  final List<Sample> samples = new ArrayList<>();
  final Map<String, String> types = new LinkedHashMap<>();
  final Map<String, String> helps = new LinkedHashMap<>();

  static ScrapeText parse(String text) {
    ScrapeText s = new ScrapeText();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        String[] p = line.substring(7).split(" ", 2);
        s.types.put(p[0], p[1].trim());
        continue;
      }
      if (line.startsWith("# HELP ")) {
        String[] p = line.substring(7).split(" ", 2);
        s.helps.put(p[0], p.length > 1 ? p[1] : "");
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      s.samples.add(sample(line));
    }
    return s;
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space;
    String name;
    Map<String, String> labels = new LinkedHashMap<>();
    if (brace >= 0 && brace < line.indexOf(' ')) {
      name = line.substring(0, brace);
      int i = brace + 1;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String key = line.substring(i, eq).trim();
        int j = eq + 2; // past ="
        StringBuilder v = new StringBuilder();
        while (line.charAt(j) != '"') {
          char c = line.charAt(j);
          if (c == '\\') {
            char n = line.charAt(++j);
            v.append(n == 'n' ? '\n' : n);
          } else {
            v.append(c);
          }
          j++;
        }
        labels.put(key, v.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      space = i + 1;
    } else {
      space = line.indexOf(' ');
      name = line.substring(0, space);
    }
    String rest = line.substring(space).trim().split(" ")[0];
    return new Sample(name, labels, parseValue(rest));
  }

  private static double parseValue(String v) {
    return switch (v) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(v);
    };
  }

  /** Samples named {@code name} whose labels include every pair of {@code labels} (k, v, k, v...). */
  List<Sample> find(String name, String... labels) {
    List<Sample> out = new ArrayList<>();
    for (Sample s : samples) {
      if (!s.name().equals(name)) {
        continue;
      }
      boolean all = true;
      for (int i = 0; i < labels.length; i += 2) {
        if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
          all = false;
          break;
        }
      }
      if (all) {
        out.add(s);
      }
    }
    return out;
  }

  /** The single sample's value; fails when there is none or more than one. */
  double value(String name, String... labels) {
    List<Sample> found = find(name, labels);
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one " + name + " " + List.of(labels) + ", found " + found.size() + ": " + found);
    }
    return found.get(0).value();
  }

  /** The value, or null when absent. */
  Double valueOrNull(String name, String... labels) {
    List<Sample> found = find(name, labels);
    return found.size() == 1 ? found.get(0).value() : null;
  }

  /** Distinct values of {@code label} over the samples named {@code name}. */
  List<String> labelValues(String name, String label) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().containsKey(label))
        .map(s -> s.labels().get(label))
        .distinct()
        .collect(Collectors.toList());
  }

  boolean has(String name) {
    return samples.stream().anyMatch(s -> s.name().equals(name));
  }
}
