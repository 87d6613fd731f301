package io.fetchd.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the architecture honest: dependencies point one way, defer <- task (time utilities, JDK
 * only) <- reactor <- client <- batch
 * <- api, with metrics and config at the side, memory (the budget, JDK only) beneath all but defer
 * and reactor, http1 (RFC 9112 syntax rules, JDK only) beneath client and api, and app on top. Reads the main sources' imports
 * and fully qualified references.
 */
class DependencyDirectionTest {
  private static final Path MAIN = Path.of("src/main/java/io/fetchd");
  private static final Pattern REF = Pattern.compile("\\bio\\.fetchd\\.([a-z][a-z0-9]*)\\b");
  private static final Pattern LIB = Pattern.compile("^import (?:static )?(io\\.netty|com\\.fasterxml|io\\.micrometer)\\.", Pattern.MULTILINE);

  /** For each package, the fetchd packages it may use (besides itself). */
  private static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          Map.entry("defer", Set.<String>of()),
          Map.entry("memory", Set.<String>of()),
          Map.entry("http1", Set.<String>of()),
          Map.entry("task", Set.of("defer")),
          Map.entry("reactor", Set.of("defer", "task")),
          Map.entry("client", Set.of("defer", "task", "reactor", "memory", "http1")),
          Map.entry("batch", Set.of("defer", "task", "reactor", "client", "memory", "http1")),
          Map.entry("api", Set.of("defer", "task", "reactor", "client", "batch", "memory", "http1")),
          Map.entry("metrics", Set.of("defer", "task", "reactor", "client", "batch", "api", "memory", "http1")),
          Map.entry("config", Set.of("defer", "task", "reactor", "client", "batch", "api", "metrics", "memory", "http1")),
          Map.entry("app", Set.of("defer", "task", "reactor", "client", "batch", "api", "metrics", "config", "memory", "http1")),
          Map.entry("examples", Set.of("defer", "task", "reactor", "client", "memory", "http1")));


  @Test
  void noPackageTakesPartInACycle() throws IOException {
    Map<String, Map<String, String>> graph = PackageGraph.read(MAIN);
    List<Set<String>> cycles = PackageGraph.cycles(graph);
    String named =
        cycles.stream()
            .map(c -> PackageGraph.describe(c, graph) + PackageGraph.edgesWithin(c, graph))
            .reduce("", (a, b) -> a + "\n  " + b);
    assertEquals(List.of(), cycles, "package cycles:" + named);
  }

  @Test
  void theCycleFinderNamesACycleAndIgnoresAChain() {
    Map<String, Map<String, String>> graph =
        Map.of(
            "a", Map.of("b", "A.java"),
            "b", Map.of("c", "B.java"),
            "c", Map.of("a", "C.java", "d", "C.java"),
            "d", Map.of());
    List<Set<String>> cycles = PackageGraph.cycles(graph);
    assertEquals(List.of(Set.of("a", "b", "c")), cycles);
    assertEquals("a -> b (A.java) -> c (B.java) -> a (C.java)", PackageGraph.describe(cycles.get(0), graph));
    assertEquals(List.of(), PackageGraph.cycles(Map.of("a", Map.of("b", "A.java"), "b", Map.of())));
  }

  @Test
  void everyPackageDependsOnlyOnThoseBelowIt() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = MAIN.relativize(f).getName(0).toString();
        Set<String> allowed = ALLOWED.get(pkg);
        if (allowed == null) {
          continue;
        }
        String src = Files.readString(f);
        Matcher m = REF.matcher(src);
        while (m.find()) {
          String used = m.group(1);
          if (!used.equals(pkg) && !allowed.contains(used)) {
            violations.add(MAIN.relativize(f) + " uses io.fetchd." + used);
          }
        }
      }
    }
    assertEquals(List.of(), violations.stream().distinct().toList());
  }

  private static Stream<Path> walk(String pkg) {
    try {
      return Files.walk(MAIN.resolve(pkg));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void deferUsesTheJdkOnly() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Stream.of("defer", "task", "memory", "http1").flatMap(DependencyDirectionTest::walk)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (LIB.matcher(Files.readString(f)).find()) {
          violations.add(f.toString());
        }
      }
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void clientNeverImportsMicrometerOrJackson() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN.resolve("client"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String src = Files.readString(f);
        if (src.contains("import io.micrometer") || src.contains("import com.fasterxml")) {
          violations.add(f.toString());
        }
      }
    }
    assertEquals(List.of(), violations);
  }
}
