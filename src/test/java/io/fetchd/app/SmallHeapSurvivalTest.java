package io.fetchd.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The retained-jobs attack on the real service in a child JVM with a 96 MiB heap: 40 {@code POST
 * /v1/batches} of 10,000 invalid URLs each (about 3 MB of requests and no upstream, enough to
 * kill a 512 MiB process before the memory budget). Every POST is answered 202 or 503, {@code
 * /healthz} answers after each, the process stays alive, the budget's {@code job_outcomes} never
 * passes the budget and the heap stays under its maximum; the oldest jobs are 410, the newest are
 * readable; and SIGTERM still stops the process with status 0. Every wait is bounded.
 */
class SmallHeapSurvivalTest {
  private static final Pattern LISTENING = Pattern.compile("fetchd \\S+ listening on (http://127\\.0\\.0\\.1:\\d+)");
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int JOBS = 40;
  private static final int URLS = 10_000;

  private Process child;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  @AfterEach
  void killChild() throws Exception {
    if (child != null && child.isAlive()) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private String startChild() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx96m", "-XX:+ExitOnOutOfMemoryError",
        "-cp", System.getProperty("java.class.path"), "io.fetchd.app.Main", "serve");
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("FETCHD_"));
    env.put("FETCHD_SERVER_HOST", "127.0.0.1");
    env.put("FETCHD_SERVER_PORT", "0");
    env.put("FETCHD_SERVER_READINESS_GRACE", "0s");
    env.put("FETCHD_METRICS_MANAGEMENT_PORT", "0");
    child = pb.start();
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread out = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          Matcher m = LISTENING.matcher(line.strip());
          if (m.matches()) {
            url.complete(m.group(1));
          }
        }
      } catch (Exception e) {
        url.completeExceptionally(e);
      }
      url.completeExceptionally(new AssertionError("the child ended before listening: " + stderr()));
    }, "child-stdout");
    out.setDaemon(true);
    out.start();
    Thread err = new Thread(() -> copy(child.getErrorStream()), "child-stderr");
    err.setDaemon(true);
    err.start();
    return url.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private void copy(InputStream in) {
    byte[] buf = new byte[4096];
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        synchronized (stderr) {
          stderr.write(buf, 0, n);
        }
      }
    } catch (Exception e) {
      // the child ended
    }
  }

  private String stderr() {
    synchronized (stderr) {
      return stderr.toString(StandardCharsets.UTF_8);
    }
  }

  private static String attackBody(int job) {
    StringBuilder b = new StringBuilder(URLS * 24).append("{\"urls\":[");
    for (int i = 0; i < URLS; i++) {
      b.append(i == 0 ? "" : ",").append("\"bad url ").append(job).append('-').append(i).append('"');
    }
    return b.append("]}").toString();
  }

  /** The value of the first series of {@code family} whose labels contain {@code labels}. */
  private static double metric(String scrape, String family, String labels) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(family) && (labels.isEmpty() || line.contains(labels)) && !line.startsWith("#")) {
        String rest = line.substring(family.length());
        if (rest.startsWith("{") || rest.startsWith(" ")) {
          return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    throw new AssertionError("no " + family + labels + " in the scrape");
  }

  /** The heap's maximum: the pools that have one (G1's eden and survivor say -1). */
  private static double heapMax(String scrape) {
    double sum = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith("jvm_memory_max_bytes{") && line.contains("area=\"heap\"")) {
        sum += Math.max(0, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    return sum;
  }

  private static double heapUsed(String scrape) {
    double sum = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  @Test
  void theRetainedJobsAttackLeavesASmallHeapServiceAliveAndWithinItsBudget() throws Exception {
    String base = startChild();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    List<String> accepted = new ArrayList<>();
    int refused = 0;
    double maxJobBytes = 0;
    double maxHeap = 0;
    double limit = 0;
    double heapMax = 0;
    for (int job = 0; job < JOBS; job++) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/batches"))
              .header("Content-Type", "application/json").timeout(WAIT)
              .POST(HttpRequest.BodyPublishers.ofString(attackBody(job))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertTrue(r.statusCode() == 202 || r.statusCode() == 503, "POST " + job + ": " + r.statusCode() + " " + r.body());
      if (r.statusCode() == 202) {
        accepted.add(r.body().replaceAll(".*\"batchId\":\"([0-9a-f]+)\".*", "$1"));
      } else {
        refused++;
        assertTrue(r.headers().firstValue("Retry-After").isPresent(), r.headers().toString());
      }
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode(), "healthz after POST " + job);
      String scrape = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      limit = metric(scrape, "fetchd_memory_budget_limit_bytes", "");
      double jobBytes = metric(scrape, "fetchd_memory_budget_used_bytes", "kind=\"job_outcomes\"");
      assertTrue(jobBytes <= limit, "job_outcomes " + jobBytes + " > budget " + limit);
      maxJobBytes = Math.max(maxJobBytes, jobBytes);
      double heap = heapUsed(scrape);
      maxHeap = Math.max(maxHeap, heap);
      heapMax = heapMax(scrape);
      assertTrue(heap < heapMax, "heap used " + heap + " of " + heapMax);
      assertTrue(child.isAlive(), "the service died: " + stderr());
    }
    assertTrue(accepted.size() > JOBS / 2, accepted.size() + " accepted, " + refused + " refused");

    // The oldest accepted job was evicted to make room: 410, not a wrong or empty result.
    HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/batches/" + accepted.get(0)))
        .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(410, first.statusCode(), first.body());
    assertTrue(first.body().contains("memory budget"), first.body());
    // The newest is whole: its results can be paged.
    String last = accepted.get(accepted.size() - 1);
    String page = "";
    for (int i = 0; i < 200 && !page.contains("\"state\":\"done\""); i++) {
      page = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/batches/" + last + "?offset=9000&limit=1000"))
          .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
    assertTrue(page.contains("\"completed\":10000") && page.contains("\"index\":"), page.substring(0, Math.min(300, page.length())));
    assertTrue(child.isAlive(), stderr());
    int kept = 0;
    for (String id : accepted) {
      if (http.send(HttpRequest.newBuilder(URI.create(base + "/v1/batches/" + id + "?limit=1")).timeout(WAIT).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
        kept++;
      }
    }
    String end = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    double stored = metric(end, "fetchd_memory_budget_used_bytes", "kind=\"job_outcomes\"");
    System.out.printf("survival: %d jobs kept of %d accepted, %.0f budget bytes per stored result%n",
        kept, accepted.size(), stored / ((double) kept * URLS));
    System.out.printf("survival: %d accepted, %d refused; budget %.1f MiB; job_outcomes max %.1f MiB; heap used max %.1f of %.1f MiB%n",
        accepted.size(), refused, limit / 1048576, maxJobBytes / 1048576, maxHeap / 1048576, heapMax / 1048576);
    System.out.println("child stderr: " + stderr().strip());

    child.destroy(); // SIGTERM: the service still drains and exits 0
    assertTrue(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "SIGTERM did not stop the service");
    assertEquals(0, child.exitValue(), stderr());
  }
}
