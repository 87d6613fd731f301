package io.fetchd.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code fetchd serve} in-process: the shutdown hook is recorded instead of installed in the JVM,
 * and the test runs it, exactly as the JVM would on SIGTERM. Waits are bounded.
 */
class ServeTest {
  private static final long WAIT_S = 30;
  private static final Pattern LISTENING = Pattern.compile("fetchd \\S+ listening on (http://127\\.0\\.0\\.1:(\\d+))");

  private final List<Thread> hooks = new CopyOnWriteArrayList<>();
  private final AtomicInteger halted = new AtomicInteger(-1);
  private final FirstLine out = new FirstLine();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Completes {@link #line} with the first line written, {@link #second} with the second. */
  private static final class FirstLine extends OutputStream {
    final CompletableFuture<String> line = new CompletableFuture<>();
    final CompletableFuture<String> second = new CompletableFuture<>();
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      buf.write(b);
      if (b == '\n') {
        String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
        line.complete(lines[0].strip());
        if (lines.length > 1) {
          second.complete(lines[1].strip());
        }
      }
    }
  }

  private ProcessContext context(Map<String, String> env) {
    return new ProcessContext(InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env, Path.of(""), false, hooks::add, hooks::remove,
        halted::set);
  }

  @Test
  void servesHealthzAndTheShutdownHookStopsItAndExitsZero() throws Exception {
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> Main.run(new String[] {"serve"}, context(Map.of("FETCHD_SERVER_PORT", "0"))));
    String line = out.line.get(WAIT_S, TimeUnit.SECONDS);
    Matcher m = LISTENING.matcher(line);
    assertTrue(m.matches(), line);
    assertTrue(Integer.parseInt(m.group(2)) > 0, line);

    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> health = client.send(
        HttpRequest.newBuilder(URI.create(m.group(1) + "/healthz")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode(), health.body());
    HttpResponse<String> scrape = client.send(
        HttpRequest.newBuilder(URI.create(m.group(1) + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, scrape.statusCode());
    assertTrue(scrape.body().contains("fetchd_build_info"), scrape.body());

    assertEquals(1, hooks.size());
    CompletableFuture<Void> hookRan = CompletableFuture.runAsync(hooks.get(0)); // what the JVM does on SIGTERM
    // The default readiness grace (5 s): /readyz turns 503 while new connections are still served.
    HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    int ready = 200;
    for (int i = 0; i < 2_000 && ready == 200 && !hookRan.isDone(); i++) { // each try is a round trip
      ready = fresh.send(
          HttpRequest.newBuilder(URI.create(m.group(1) + "/readyz")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode();
    }
    assertEquals(503, ready, "/readyz should answer 503 during the readiness grace");
    HttpResponse<String> stillServed = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
        HttpRequest.newBuilder(URI.create(m.group(1) + "/healthz")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, stillServed.statusCode(), "a new connection is still served during the grace");
    assertFalse(hookRan.isDone(), "the hook should still be waiting out the grace");
    hookRan.get(WAIT_S, TimeUnit.SECONDS);
    assertEquals(0, exit.get(WAIT_S, TimeUnit.SECONDS));
    assertEquals(0, halted.get(), "the hook halts with status 0 after a clean drain");
    String log = err.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("fetchd: shutting down; unready for 5.0s, then") && log.contains("fetchd: stopped"), log);
  }

  @Test
  void withAManagementPortServePrintsItsAddressAndServesMetricsThere() throws Exception {
    int mgmt;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      mgmt = s.getLocalPort();
    }
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Main.run(new String[] {"serve"},
        context(Map.of("FETCHD_SERVER_PORT", "0", "FETCHD_METRICS_MANAGEMENT_PORT", String.valueOf(mgmt)))));
    assertTrue(LISTENING.matcher(out.line.get(WAIT_S, TimeUnit.SECONDS)).matches());
    String url = "http://127.0.0.1:" + mgmt;
    assertEquals("fetchd management (/metrics, /probe, /healthz, /readyz) on " + url,
        out.second.get(WAIT_S, TimeUnit.SECONDS));
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> scrape = client.send(
        HttpRequest.newBuilder(URI.create(url + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, scrape.statusCode());
    assertTrue(!err.toString(StandardCharsets.UTF_8).contains("warning"), "no stale 'not supported' warning");

    CompletableFuture.runAsync(hooks.get(0)).get(WAIT_S, TimeUnit.SECONDS);
    assertEquals(0, exit.get(WAIT_S, TimeUnit.SECONDS));
  }

  @Test
  void portInUseIsOneLineAndExitOne() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      int status = Main.run(new String[] {"serve"}, context(Map.of("FETCHD_SERVER_PORT", String.valueOf(port))));
      assertEquals(1, status);
      String msg = err.toString(StandardCharsets.UTF_8);
      assertTrue(msg.startsWith("fetchd: cannot listen on 127.0.0.1:" + port + ": "), msg);
      assertEquals(1, msg.lines().count(), msg);
      assertTrue(hooks.isEmpty());
    }
  }

  @Test
  void unknownServeOptionIsAUsageError() {
    assertEquals(2, Main.run(new String[] {"serve", "--port", "1"}, context(Map.of())));
    assertEquals("fetchd serve: unknown option '--port' (see 'fetchd serve --help')",
        err.toString(StandardCharsets.UTF_8).strip());
  }
}
