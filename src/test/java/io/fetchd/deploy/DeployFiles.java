package io.fetchd.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fetchd.api.http.ApiOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the deployment files (deploy/k8s, deploy/compose, Dockerfile) for the tests in this
 * package. Paths are relative to the project directory, where Surefire runs. Any thread.
 */
final class DeployFiles {
  static final Path K8S = Path.of("deploy/k8s");
  static final Path COMPOSE = Path.of("deploy/compose");
  static final Path SHIPPED_CONFIG = Path.of("config/fetchd.yaml");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private DeployFiles() {}

  /** Every {@code .yaml}/{@code .yml} file under {@code dir}, sorted. */
  static List<Path> yamlFiles(Path dir) {
    assertTrue(Files.isDirectory(dir), dir + " is missing");
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** All YAML documents in a file (a file may hold several, separated by {@code ---}). */
  static List<JsonNode> documents(Path file) {
    try {
      List<JsonNode> docs = new ArrayList<>();
      for (JsonNode d : YAML.readerFor(JsonNode.class).readValues(file.toFile()).readAll().stream()
          .map(JsonNode.class::cast)
          .toList()) {
        if (d != null && !d.isNull() && !d.isMissingNode()) {
          docs.add(d);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new AssertionError(file + " is not valid YAML: " + e.getMessage(), e);
    }
  }

  /** The single YAML document of a file. */
  static JsonNode document(Path file) {
    List<JsonNode> docs = documents(file);
    if (docs.size() != 1) {
      fail(file + " should hold exactly one YAML document, has " + docs.size());
    }
    return docs.get(0);
  }

  /** Parses YAML text (e.g. a config file embedded in a ConfigMap). */
  static JsonNode parse(String yaml, String what) {
    try {
      return YAML.readTree(yaml);
    } catch (IOException e) {
      throw new AssertionError(what + " is not valid YAML: " + e.getMessage(), e);
    }
  }

  /** The single Kubernetes object of the given kind in deploy/k8s. */
  static JsonNode k8s(String kind) {
    List<JsonNode> found = new ArrayList<>();
    for (Path f : yamlFiles(K8S)) {
      for (JsonNode d : documents(f)) {
        if (kind.equals(d.path("kind").asText())) {
          found.add(d);
        }
      }
    }
    if (found.size() != 1) {
      fail("deploy/k8s should hold exactly one " + kind + ", has " + found.size());
    }
    return found.get(0);
  }

  /**
   * The drain timeout the pods run with: server.drainTimeout from the ConfigMap's fetchd.yaml
   * when set there, else the built-in default.
   */
  static Duration drainTimeout() {
    JsonNode set = configMapFetchdYaml().path("server").path("drainTimeout");
    return set.isMissingNode() ? ApiOptions.DEFAULTS.drainTimeout() : duration(set.asText());
  }

  /**
   * The readiness grace the pods run with: server.readinessGrace from the ConfigMap's fetchd.yaml
   * when set there, else the built-in default.
   */
  static Duration readinessGrace() {
    JsonNode set = configMapFetchdYaml().path("server").path("readinessGrace");
    return set.isMissingNode() ? builtInReadinessGrace() : duration(set.asText());
  }

  /** server.readinessGrace when nothing sets it. */
  static Duration builtInReadinessGrace() {
    return io.fetchd.config.ConfigLoader.load(java.util.Optional.empty(), Map.of()).server().readinessGrace();
  }

  /** The fetchd.yaml held by the ConfigMap. */
  static JsonNode configMapFetchdYaml() {
    JsonNode text = k8s("ConfigMap").path("data").path("fetchd.yaml");
    assertTrue(text.isTextual(), "the ConfigMap has no data.fetchd.yaml");
    return parse(text.asText(), "the ConfigMap's fetchd.yaml");
  }

  /** A config duration ({@code 250ms}, {@code 20s}, {@code 1m}, {@code 1h}) or a compose one. */
  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new AssertionError("not a duration: '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "ms":
        return Duration.ofMillis(n);
      case "s":
        return Duration.ofSeconds(n);
      case "m":
        return Duration.ofMinutes(n);
      default:
        return Duration.ofHours(n);
    }
  }

  /** The dotted paths of all leaves of a parsed YAML tree ({@code server.drainTimeout}). */
  static List<String> leafPaths(JsonNode n) {
    List<String> out = new ArrayList<>();
    collect(n, "", out);
    return out;
  }

  private static void collect(JsonNode n, String prefix, List<String> out) {
    if (n.isObject()) {
      n.properties().forEach(e -> collect(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out));
    } else {
      out.add(prefix);
    }
  }

  /** Fails unless {@code tag} names a fixed version: not empty, not {@code latest}, has a digit. */
  static void assertPinnedTag(String tag, String what) {
    assertFalse(tag.isEmpty() || tag.equals("latest") || !tag.matches(".*[0-9].*"),
        what + " tag '" + tag + "' is not a pinned version");
  }

  /** The texts of a YAML list, or of a single text value. */
  static List<String> texts(JsonNode listOrText) {
    List<String> out = new ArrayList<>();
    if (listOrText.isTextual()) {
      out.add(listOrText.asText());
    }
    listOrText.forEach(n -> out.add(n.asText()));
    return out;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
