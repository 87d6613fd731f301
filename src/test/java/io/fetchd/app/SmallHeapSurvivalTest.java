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
 * Attacks on the real service in a child JVM with a 96 MiB heap. The retained-jobs attack: 40 {@code POST
 * /v1/batches} of 10,000 invalid URLs each (about 3 MB of requests and no upstream, enough to
 * kill a 512 MiB process before the memory budget). Every POST is answered 202 or 503, {@code
 * /healthz} answers after each, the process stays alive, the budget's {@code job_outcomes} never
 * passes the budget and the heap stays under its maximum; the oldest jobs are 410, the newest are
 * readable; and SIGTERM still stops the process with status 0. The unwritten-results attack (24
 * JSON batches whose slow first URL holds 9,999 finished outcomes each) is admitted only as far
 * as the budget goes. The partial-uploads attack with 32 MiB of direct memory holds only what the
 * budget admits, answers the rest 503, and gives it all back. Every wait is bounded.
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
    return startChild(Map.of());
  }

  private String startChild(Map<String, String> extraEnv, String... jvmFlags) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx96m", "-XX:+ExitOnOutOfMemoryError"));
    cmd.addAll(List.of(jvmFlags));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.fetchd.app.Main", "serve"));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("FETCHD_"));
    env.put("FETCHD_SERVER_HOST", "127.0.0.1");
    env.put("FETCHD_SERVER_PORT", "0");
    env.put("FETCHD_SERVER_READINESS_GRACE", "0s");
    env.put("FETCHD_METRICS_MANAGEMENT_PORT", "0");
    env.putAll(extraEnv);
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

  /**
   * The unwritten-results attack: JSON answers are in input order, so a batch whose first URL is
   * slow holds all its other outcomes until it ends. 24 such batches of 10,000 URLs at once (a
   * few MB of requests) are admitted only as far as the budget goes, the rest are 503; the heap
   * stays under its maximum, {@code /healthz} answers, and every admitted batch is answered whole.
   */
  @Test
  void theUnwrittenResultsAttackIsAdmittedOnlyAsFarAsTheBudgetGoes() throws Exception {
    int clients = 24;
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger arrivals = new java.util.concurrent.atomic.AtomicInteger();
    try (mockwebserver3.MockWebServer up = new mockwebserver3.MockWebServer()) {
      up.setDispatcher(new mockwebserver3.Dispatcher() {
        @Override
        public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest r) throws InterruptedException {
          arrivals.incrementAndGet();
          release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
          return new mockwebserver3.MockResponse.Builder().body("slow").build();
        }
      });
      up.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
      String base = startChild(Map.of("FETCHD_ADDRESS_POLICY_ALLOW_LOOPBACK", "true"));
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      StringBuilder b = new StringBuilder("{\"urls\":[\"http://127.0.0.1:" + up.getPort() + "/slow\"");
      for (int i = 1; i < URLS; i++) {
        b.append(",\"bad url ").append(i).append('"');
      }
      String body = b.append("]}").toString();
      List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
      java.util.concurrent.atomic.AtomicInteger refusedNow = new java.util.concurrent.atomic.AtomicInteger();
      for (int c = 0; c < clients; c++) {
        CompletableFuture<HttpResponse<String>> f = http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v1/fetch"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        f.thenAccept(r -> {
          if (r.statusCode() == 503) {
            refusedNow.incrementAndGet();
          }
        });
        posts.add(f);
      }
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (arrivals.get() + refusedNow.get() < clients && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(clients, arrivals.get() + refusedNow.get(), "every batch admitted (its first URL fetched) or refused");
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      String scrape = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(WAIT).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      double held = metric(scrape, "fetchd_memory_budget_used_bytes", "kind=\"unwritten_results\"");
      double limit = metric(scrape, "fetchd_memory_budget_limit_bytes", "");
      double heap = heapUsed(scrape);
      double heapMax = heapMax(scrape);
      assertTrue(held > 0, "the held results are in the budget");
      assertTrue(heap < heapMax, "heap used " + heap + " of " + heapMax);
      assertTrue(refusedNow.get() > 0, "some batches are refused: the budget is the bound");
      release.countDown();
      int whole = 0;
      for (CompletableFuture<HttpResponse<String>> f : posts) {
        HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
        assertTrue(r.statusCode() == 200 || r.statusCode() == 503, r.statusCode() + " " + r.body());
        if (r.statusCode() == 200) {
          assertTrue(r.body().contains("\"total\":" + URLS) && r.body().contains("\"succeeded\":1"),
              r.body().substring(Math.max(0, r.body().length() - 300)));
          whole++;
        } else {
          assertTrue(r.headers().firstValue("Retry-After").isPresent());
        }
      }
      assertEquals(arrivals.get(), whole, "every admitted batch is answered whole");
      System.out.printf("unwritten-results survival: %d admitted, %d refused; held %.1f MiB of %.1f MiB; heap %.1f of %.1f MiB%n",
          whole, clients - whole, held / 1048576, limit / 1048576, heap / 1048576, heapMax / 1048576);
      assertTrue(child.isAlive(), stderr());
    }
  }

  /**
   * The partial-uploads attack with 32 MiB of direct memory: 100 connections each declare a 1 MiB
   * body and send all but its last 40 bytes. The budget (16 MiB here) admits what it can hold and
   * answers the rest 503 at once; {@code /healthz} answers while every upload is held open, and the
   * budget is back to zero once the attacker leaves.
   */
  @Test
  void thePartialUploadsAttackCannotExhaustDirectMemory() throws Exception {
    String base = startChild(Map.of(), "-XX:MaxDirectMemorySize=32m");
    int port = URI.create(base).getPort();
    int body = 1 << 20;
    byte[] head = ("POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + body + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] chunk = new byte[64 * 1024];
    java.util.Arrays.fill(chunk, (byte) ' ');
    List<java.net.Socket> sockets = new ArrayList<>();
    int refused = 0;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    try {
      for (int c = 0; c < 100; c++) {
        java.net.Socket s = new java.net.Socket("127.0.0.1", port);
        s.setSoTimeout(5_000);
        sockets.add(s);
        java.io.OutputStream o = s.getOutputStream();
        o.write(head);
        int left = body - 40;
        try {
          while (left > 0) {
            int n = Math.min(left, chunk.length);
            o.write(chunk, 0, n);
            left -= n;
          }
          o.flush();
        } catch (java.io.IOException refusedWhileWriting) {
          // a refused upload is answered and closed; the lingering close lets most writes through
        }
      }
      long t0 = System.nanoTime();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      long healthMs = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(200, health.statusCode());
      String scrape = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(WAIT).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      double bodies = metric(scrape, "fetchd_memory_budget_used_bytes", "kind=\"request_bodies\"");
      double limit = metric(scrape, "fetchd_memory_budget_limit_bytes", "");
      assertTrue(bodies <= limit, bodies + " > " + limit);
      assertTrue(bodies > 0, "the held uploads are in the budget");
      for (java.net.Socket s : sockets) {
        if (s.getInputStream().available() > 0) {
          assertEquals("HTTP/1.1 503", new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII));
          refused++;
        }
      }
      assertEquals(100 - (int) (bodies / body), refused, "each upload is held whole in the budget or answered 503");
      assertTrue(metric(scrape, "fetchd_memory_budget_refusals_total", "kind=\"request_bodies\"") > 0, "some were refused");
      System.out.printf("partial-uploads survival: %d answered 503; request_bodies %.1f of %.1f MiB; healthz %d ms%n",
          refused, bodies / 1048576, limit / 1048576, healthMs);
    } finally {
      for (java.net.Socket s : sockets) {
        s.close();
      }
    }
    double left = -1;
    for (int i = 0; i < 100 && left != 0; i++) {
      String scrape = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(WAIT).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      left = metric(scrape, "fetchd_memory_budget_used_bytes", "kind=\"request_bodies\"");
    }
    assertEquals(0, left, "the bodies go back when their connections close");
    assertTrue(child.isAlive(), stderr());
  }
}
