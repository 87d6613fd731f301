package io.fetchd.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.config.ConfigLoader;
import io.fetchd.config.FetchdConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Service} wired from configuration on 127.0.0.1: the management listener
 * ({@code metrics.managementPort}) and the readiness grace ({@code server.readinessGrace}). Every
 * wait is bounded; nothing sleeps.
 */
class ServiceTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private Service service;

  @AfterEach
  void tearDown() {
    if (service != null) {
      service.shutdown(new PrintStream(log, true, StandardCharsets.UTF_8));
    }
  }

  private static Service start(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.putIfAbsent("FETCHD_SERVER_READINESS_GRACE", "0s"); // stop at once unless the grace is tested
    all.put("FETCHD_SERVER_HOST", "127.0.0.1");
    all.put("FETCHD_SERVER_PORT", "0");
    FetchdConfig config = ConfigLoader.load(Optional.empty(), all);
    return Service.start(config);
  }

  /** A port free a moment ago (the management port cannot be 0: 0 means "on the API port"). */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private HttpResponse<String> send(String method, InetSocketAddress at, String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(Service.url(at) + path)).timeout(WAIT);
    if (method.equals("POST")) {
      b.POST(HttpRequest.BodyPublishers.ofString("{\"urls\":[\"http://127.0.0.1:1/\"]}"))
          .header("Content-Type", "application/json");
    } else {
      b.GET();
    }
    try {
      return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
          .get(WAIT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError(method + " " + path, e);
    }
  }

  private static boolean accepts(InetSocketAddress at) {
    try (Socket s = new Socket()) {
      s.connect(at, 5000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void managementPortServesMetricsAndHealthAndTheApiPortNoLongerServesMetrics() throws IOException {
    int port = freePort();
    service = start(Map.of("FETCHD_METRICS_MANAGEMENT_PORT", String.valueOf(port)));
    InetSocketAddress mgmt = service.managementAddress();
    assertNotNull(mgmt);
    assertEquals(port, mgmt.getPort());

    HttpResponse<String> scrape = send("GET", mgmt, "/metrics");
    assertEquals(200, scrape.statusCode());
    assertTrue(scrape.body().contains("fetchd_build_info"), scrape.body());
    assertEquals(404, send("GET", service.address(), "/metrics").statusCode());
    assertEquals(404, send("GET", service.address(), "/probe").statusCode());
    assertEquals(404, send("POST", mgmt, "/v1/fetch").statusCode());
    assertEquals(200, send("GET", mgmt, "/healthz").statusCode());
    assertEquals(200, send("GET", mgmt, "/readyz").statusCode());
    assertEquals(200, send("GET", service.address(), "/healthz").statusCode());

    assertTrue(service.shutdown(new PrintStream(log, true, StandardCharsets.UTF_8)));
    assertFalse(accepts(mgmt), "the management listener is closed");
    assertFalse(accepts(service.address()), "the API listener is closed");
  }

  @Test
  void metricsPathMovesTheScrapeOnTheManagementPort() throws IOException {
    service = start(Map.of("FETCHD_METRICS_MANAGEMENT_PORT", String.valueOf(freePort()),
        "FETCHD_METRICS_PATH", "/internal/metrics"));
    assertEquals(200, send("GET", service.managementAddress(), "/internal/metrics").statusCode());
    assertEquals(404, send("GET", service.managementAddress(), "/metrics").statusCode());
  }

  @Test
  void withoutManagementPortMetricsStayOnTheApiPort() {
    service = start(Map.of());
    assertNull(service.managementAddress());
    assertEquals(200, send("GET", service.address(), "/metrics").statusCode());
  }

  @Test
  void aTakenManagementPortFailsTheStartNamingTheSetting() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      StartupException e = assertThrows(StartupException.class,
          () -> start(Map.of("FETCHD_METRICS_MANAGEMENT_PORT", String.valueOf(port))));
      assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + port + " (metrics.managementPort): "),
          e.getMessage());
    }
  }

  @Test
  void duringTheReadinessGraceReadyzIs503WhileTheListenerStillAccepts() throws Exception {
    service = start(Map.of("FETCHD_SERVER_READINESS_GRACE", "10m"));
    InetSocketAddress api = service.address();
    assertEquals(200, send("GET", api, "/readyz").statusCode());

    PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
    CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> service.shutdown(out));
    long deadline = System.nanoTime() + WAIT.toNanos();
    int status;
    do {
      status = send("GET", api, "/readyz").statusCode(); // each on the kept-alive or a new connection
    } while (status == 200 && System.nanoTime() < deadline);
    assertEquals(503, status, "readyz turned unready within " + WAIT);

    assertTrue(accepts(api), "the listener still accepts during the grace");
    assertEquals(200, send("GET", api, "/healthz").statusCode());
    assertFalse(first.isDone(), "the grace (10 min) is not over");

    assertFalse(service.shutdown(out), "a second stop only hurries the first");
    assertTrue(first.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertFalse(accepts(api), "closed once the grace was cut short");
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("unready for 600.0s, then"), log.toString());
  }
}
