package io.fetchd.arch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The dependency graph between the packages of a source tree, by full package name, and its
 * cycles (strongly connected components of more than one package). A file depends on a package
 * when it names a type of it (import, static import, wildcard, or a fully qualified reference, in
 * code or Javadoc). Test thread only.
 */
final class PackageGraph {
  /** A dotted lowercase name under io.fetchd, followed by a type name or a wildcard. */
  private static final Pattern REF =
      Pattern.compile("\\b(io\\.fetchd(?:\\.[a-z][a-z0-9_]*)+)\\.(?:[A-Z]|\\*)");

  private PackageGraph() {}

  /**
   * For each package under {@code root} (a directory such as {@code src/main/java/io/fetchd}), the
   * other packages its files refer to, each with one file (the first found) that does.
   */
  static Map<String, Map<String, String>> read(Path root) throws IOException {
    Path sourceRoot = root.getParent().getParent(); // src/main/java
    Map<Path, String> packageOf = new HashMap<>();
    List<Path> files;
    try (Stream<Path> all = Files.walk(root)) {
      files = all.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    Set<String> packages = new TreeSet<>();
    for (Path f : files) {
      String pkg = sourceRoot.relativize(f.getParent()).toString().replace('/', '.').replace('\\', '.');
      packageOf.put(f, pkg);
      packages.add(pkg);
    }
    Map<String, Map<String, String>> graph = new TreeMap<>();
    for (String pkg : packages) {
      graph.put(pkg, new TreeMap<>());
    }
    for (Path f : files) {
      String from = packageOf.get(f);
      Matcher m = REF.matcher(Files.readString(f));
      while (m.find()) {
        String to = longestPackagePrefix(m.group(1), packages);
        if (to != null && !to.equals(from)) {
          graph.get(from).putIfAbsent(to, f.getFileName().toString());
        }
      }
    }
    return graph;
  }

  /** {@code name} or its longest prefix that is a package (a nested type's outer class is cut). */
  private static String longestPackagePrefix(String name, Set<String> packages) {
    String n = name;
    while (!packages.contains(n)) {
      int dot = n.lastIndexOf('.');
      if (dot < 0) {
        return null;
      }
      n = n.substring(0, dot);
    }
    return n;
  }

  /** The cycles: strongly connected components of two or more packages (Tarjan), sorted. */
  static List<Set<String>> cycles(Map<String, Map<String, String>> graph) {
    Tarjan t = new Tarjan(graph);
    for (String v : new TreeSet<>(graph.keySet())) {
      if (!t.index.containsKey(v)) {
        t.connect(v);
      }
    }
    t.components.sort((a, b) -> a.toString().compareTo(b.toString()));
    return t.components;
  }

  /**
   * One shortest cycle through the component's first package, each step with the file that makes
   * it: {@code a -> b (A.java) -> a (B.java)}.
   */
  static String describe(Set<String> component, Map<String, Map<String, String>> graph) {
    String start = new TreeSet<>(component).first();
    Map<String, String> parent = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    String last = null;
    while (!queue.isEmpty() && last == null) {
      String v = queue.poll();
      for (String w : graph.getOrDefault(v, Map.of()).keySet()) {
        if (!component.contains(w)) {
          continue;
        }
        if (w.equals(start)) {
          last = v;
          break;
        }
        if (!parent.containsKey(w)) {
          parent.put(w, v);
          queue.add(w);
        }
      }
    }
    List<String> path = new ArrayList<>();
    for (String v = last; v != null && !v.equals(start); v = parent.get(v)) {
      path.add(0, v);
    }
    path.add(0, start);
    path.add(start);
    StringBuilder sb = new StringBuilder(start);
    for (int i = 1; i < path.size(); i++) {
      sb.append(" -> ").append(path.get(i)).append(" (").append(graph.get(path.get(i - 1)).get(path.get(i))).append(")");
    }
    return sb.toString();
  }

  /** Every dependency between two packages of {@code component}, one per line, with its file. */
  static String edgesWithin(Set<String> component, Map<String, Map<String, String>> graph) {
    StringBuilder sb = new StringBuilder();
    for (String from : new TreeSet<>(component)) {
      graph.getOrDefault(from, Map.of()).forEach((to, file) -> {
        if (component.contains(to)) {
          sb.append("\n    ").append(from).append(" -> ").append(to).append(" (").append(file).append(")");
        }
      });
    }
    return sb.toString();
  }

  /** Tarjan's strongly connected components; recursion depth is bounded by the package count. */
  private static final class Tarjan {
    final Map<String, Map<String, String>> graph;
    final Map<String, Integer> index = new HashMap<>();
    final Map<String, Integer> low = new HashMap<>();
    final Deque<String> stack = new ArrayDeque<>();
    final Set<String> onStack = new TreeSet<>();
    final List<Set<String>> components = new ArrayList<>();
    int next;

    Tarjan(Map<String, Map<String, String>> graph) {
      this.graph = graph;
    }

    void connect(String v) {
      index.put(v, next);
      low.put(v, next);
      next++;
      stack.push(v);
      onStack.add(v);
      for (String w : new TreeSet<>(graph.getOrDefault(v, Map.of()).keySet())) {
        if (!index.containsKey(w)) {
          connect(w);
          low.put(v, Math.min(low.get(v), low.get(w)));
        } else if (onStack.contains(w)) {
          low.put(v, Math.min(low.get(v), index.get(w)));
        }
      }
      if (low.get(v).equals(index.get(v))) {
        Set<String> component = new TreeSet<>();
        String w;
        do {
          w = stack.pop();
          onStack.remove(w);
          component.add(w);
        } while (!w.equals(v));
        if (component.size() > 1) {
          components.add(component);
        }
      }
    }
  }
}
