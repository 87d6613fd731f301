package io.fetchd.deploy;

import static io.fetchd.deploy.DeployFiles.COMPOSE;
import static io.fetchd.deploy.DeployFiles.document;
import static io.fetchd.deploy.DeployFiles.k8s;
import static io.fetchd.deploy.DeployFiles.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JVM's heap and direct memory fit in the container's memory limit, with room for the rest
 * of the process: heap + MaxDirectMemorySize + {@link #NON_HEAP_RESERVE} <= limit, for the
 * Kubernetes Deployment and the compose service alike, with the flags the image's ENTRYPOINT
 * passes (or the manifest's own command, when it overrides it). Without MaxDirectMemorySize,
 * direct memory may grow as large as the heap, so it must be set.
 */
class JvmMemoryFitTest {
  /** Metaspace, code cache, thread stacks, GC tables, malloc arenas, native libraries. */
  static final long NON_HEAP_RESERVE = 256L << 20;

  private static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT\\s+(\\[.*])\\s*$");

  @Test
  void theImageSetsAHeapSizeAndADirectMemoryMaximum() {
    List<String> flags = imageEntrypoint();
    assertTrue(flags.stream().anyMatch(f -> f.startsWith("-XX:MaxDirectMemorySize=")),
        "the ENTRYPOINT should set -XX:MaxDirectMemorySize (its default is the heap's size): " + flags);
    assertTrue(flags.stream().anyMatch(f -> f.startsWith("-XX:MaxRAMPercentage=") || f.startsWith("-Xmx")),
        "the ENTRYPOINT should size the heap: " + flags);
  }

  @Test
  void kubernetesLimitHoldsHeapDirectMemoryAndTheRest() {
    JsonNode container = null;
    for (JsonNode c : k8s("Deployment").path("spec").path("template").path("spec").path("containers")) {
      if (c.path("name").asText().equals("fetchd")) {
        container = c;
      }
    }
    assertTrue(container != null, "the Deployment has no fetchd container");
    JsonNode limit = container.path("resources").path("limits").path("memory");
    assertTrue(limit.isValueNode(), "the fetchd container sets no memory limit");
    List<String> flags = container.has("command") ? texts(container.path("command")) : imageEntrypoint();
    assertFits(bytes(limit.asText()), flags, "deploy/k8s/deployment.yaml");
    JsonNode request = container.path("resources").path("requests").path("memory");
    assertEquals(bytes(limit.asText()), bytes(request.asText()),
        "memory request = limit: a pod the node cannot give its limit to is evicted under pressure");
  }

  @Test
  void composeLimitHoldsHeapDirectMemoryAndTheRest() {
    JsonNode fetchd = document(COMPOSE.resolve("docker-compose.yml")).path("services").path("fetchd");
    JsonNode limit = fetchd.path("mem_limit");
    assertTrue(limit.isValueNode(), "the compose fetchd service sets no mem_limit");
    List<String> flags = fetchd.has("entrypoint") ? texts(fetchd.path("entrypoint")) : imageEntrypoint();
    assertFits(bytes(limit.asText()), flags, "deploy/compose/docker-compose.yml");
  }

  @Test
  void sizesParseAsTheJvmAndKubernetesReadThem() {
    assertEquals(256L << 20, bytes("256m"));
    assertEquals(1L << 30, bytes("1Gi"));
    assertEquals(1L << 30, bytes("1g"));
    assertEquals(1_000_000_000L, bytes("1G"));
    assertEquals(512L << 20, heapBytes(1L << 30, List.of("-XX:MaxRAMPercentage=50")));
    assertEquals(300L << 20, heapBytes(1L << 30, List.of("-XX:MaxRAMPercentage=50", "-Xmx300m")));
  }

  private static void assertFits(long limit, List<String> flags, String where) {
    long heap = heapBytes(limit, flags);
    long direct = -1;
    for (String f : flags) {
      if (f.startsWith("-XX:MaxDirectMemorySize=")) {
        direct = bytes(f.substring(f.indexOf('=') + 1));
      }
    }
    assertTrue(direct > 0, where + ": no -XX:MaxDirectMemorySize, so direct memory may equal the heap: " + flags);
    assertTrue(heap + direct + NON_HEAP_RESERVE <= limit,
        where + ": heap " + (heap >> 20) + " MiB + direct " + (direct >> 20) + " MiB + "
            + (NON_HEAP_RESERVE >> 20) + " MiB for the rest exceeds the limit of " + (limit >> 20) + " MiB");
  }

  /** The heap maximum the flags give under {@code limit}: -Xmx when given, else the percentage. */
  static long heapBytes(long limit, List<String> flags) {
    long heap = limit / 4; // the JVM's own default, MaxRAMPercentage=25
    boolean xmx = false;
    for (String f : flags) {
      if (f.startsWith("-Xmx")) {
        heap = bytes(f.substring(4));
        xmx = true;
      } else if (f.startsWith("-XX:MaxRAMPercentage=") && !xmx) {
        heap = (long) (limit * Double.parseDouble(f.substring(f.indexOf('=') + 1)) / 100);
      }
    }
    return heap;
  }

  /** A JVM size (256m, 1g), a Kubernetes quantity (1Gi, 512Mi, 1G) or a compose one (1g). */
  static long bytes(String text) {
    Matcher m = Pattern.compile("([0-9]+)([A-Za-z]*)").matcher(text.trim());
    assertTrue(m.matches(), "not a size: " + text);
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2);
    return switch (unit) {
      case "", "b", "B" -> n;
      case "k", "K", "Ki", "kb" -> n << 10;
      case "m", "Mi", "mb" -> n << 20;
      case "M" -> n * 1_000_000L;
      case "g", "Gi", "gb" -> n << 30;
      case "G" -> n * 1_000_000_000L;
      default -> throw new AssertionError("unknown size unit in " + text.toLowerCase(Locale.ROOT));
    };
  }

  private static List<String> imageEntrypoint() {
    Matcher m = ENTRYPOINT.matcher(DeployFiles.read(Path.of("Dockerfile")));
    assertTrue(m.find(), "the Dockerfile has no exec-form ENTRYPOINT on one line");
    List<String> out = new ArrayList<>();
    Matcher q = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
    while (q.find()) {
      out.add(q.group(1));
    }
    return out;
  }
}
