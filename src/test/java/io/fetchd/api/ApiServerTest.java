package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.http.ApiRequest;
import io.fetchd.api.http.Responder;
import io.fetchd.api.route.ExtraRoute;
import io.fetchd.api.route.RequestCeilings;
import io.fetchd.batch.BatchLimits;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiServerTest {
  private Upstream up;
  private ApiHarness h;

  @BeforeEach
  void setUp() throws Exception {
    up = new Upstream();
  }

  @AfterEach
  void tearDown() throws Exception {
    up.close();
    if (h != null) {
      h.close();
    }
  }

  private String one(String path) {
    return "{\"urls\":[\"" + up.url(path) + "\"]}";
  }

  @Test
  void healthAndReadinessAnswerOkWhileServing() {
    h = new ApiHarness();
    ApiHarness.Response health = h.get("/healthz");
    assertEquals(200, health.status());
    assertEquals("ok", health.json().get("status").asText());
    ApiHarness.Response ready = h.get("/readyz");
    assertEquals(200, ready.status());
    assertEquals("ready", ready.json().get("status").asText());
    assertTrue(h.server.isReady());
  }

  @Test
  void withTokensV1NeedsABearerTokenAndHealthStaysOpen() {
    h = new ApiHarness(BatchLimits.DEFAULTS, ApiOptions.DEFAULTS.withAuthTokens(List.of("s3cret", "other")),
        RequestCeilings.DEFAULTS, List.of());
    ApiHarness.Response none = h.post("/v1/fetch", one("/ok/a"));
    assertEquals(401, none.status());
    assertEquals("Unauthorized", none.errorType());
    assertTrue(none.header("WWW-Authenticate").startsWith("Bearer"));
    assertEquals(401, h.post("/v1/fetch", one("/ok/a"), "Authorization", "Bearer wrong").status());
    assertEquals(200, h.post("/v1/fetch", one("/ok/a"), "Authorization", "Bearer s3cret").status());
    assertEquals(200, h.get("/healthz").status());
    assertEquals(401, h.get("/v1/nope").status(), "auth comes before routing under /v1");
  }

  @Test
  void withoutTokensV1IsOpen() {
    h = new ApiHarness();
    assertEquals(200, h.post("/v1/fetch", one("/ok/a")).status());
  }

  @Test
  void anOverloadedEngineAnswers503WithRetryAfter() throws Exception {
    h = new ApiHarness(BatchLimits.DEFAULTS.withMaxConcurrentBatches(1), ApiOptions.DEFAULTS,
        RequestCeilings.DEFAULTS, List.of());
    assertEquals(202, h.post("/v1/batches", one("/hold/o1")).status());
    up.awaitArrival("o1");
    ApiHarness.Response second = h.post("/v1/fetch", one("/ok/b"));
    assertEquals(503, second.status(), second.body());
    assertEquals("Overloaded", second.errorType());
    assertTrue(Integer.parseInt(second.header("Retry-After")) >= 1);
    up.release("o1");
  }

  @Test
  void shutdownDrainsRunningBatchesThenStops() throws Exception {
    h = new ApiHarness(BatchLimits.DEFAULTS, ApiOptions.DEFAULTS.withDrainTimeout(Duration.ofSeconds(30)),
        RequestCeilings.DEFAULTS, List.of());
    CompletableFuture<HttpResponse<String>> running =
        h.http.sendAsync(
            HttpRequest.newBuilder(h.uri("/v1/fetch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(one("/hold/drain")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    up.awaitArrival("drain");
    try (Socket probe = h.socket()) {
      h.awaitOnLoop(() -> h.server.openConnections() == 2);
      CompletableFuture<Void> stopped = h.server.shutdownFromAnyThread();
      h.awaitOnLoop(() -> !h.server.isReady());
      assertEquals(503, status(probe, "GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n"));
      String body = "{\"urls\":[\"x\"]}";
      assertEquals(503, status(probe, "POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length() + "\r\n\r\n" + body));
      assertThrows(IOException.class, () -> new Socket("127.0.0.1", h.port).close(), "no longer accepting");
      assertFalse(stopped.isDone());
      up.release("drain");
      HttpResponse<String> r = running.get(ApiHarness.WAIT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(200, r.statusCode());
      assertTrue(ApiHarness.JSON.readTree(r.body()).at("/results/0/ok").asBoolean());
      ApiHarness.await(stopped);
    }
  }

  @Test
  void shutdownCancelsBatchesThatOutliveTheDrainTimeout() throws Exception {
    h = new ApiHarness(BatchLimits.DEFAULTS, ApiOptions.DEFAULTS.withDrainTimeout(Duration.ofMillis(200)),
        RequestCeilings.DEFAULTS, List.of());
    CompletableFuture<HttpResponse<String>> running =
        h.http.sendAsync(
            HttpRequest.newBuilder(h.uri("/v1/fetch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(one("/hold/forever")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    up.awaitArrival("forever");
    CompletableFuture<Void> stopped = h.server.shutdownFromAnyThread();
    HttpResponse<String> r = running.get(ApiHarness.WAIT.toSeconds(), TimeUnit.SECONDS);
    JsonNode res = ApiHarness.JSON.readTree(r.body()).at("/results/0");
    assertEquals("Cancelled", res.at("/error/type").asText(), r.body());
    ApiHarness.await(stopped);
    assertEquals(0, (int) h.onLoop(h.engine::runningBatches));
  }

  @Test
  void anExtraRouteIsServedWithItsOwnBody() {
    ExtraRoute metrics =
        new ExtraRoute() {
          @Override
          public String path() {
            return "/metrics";
          }

          @Override
          public void handle(ApiRequest request, Responder out) {
            out.text(200, "text/plain; version=0.0.4", "fetchd_up 1\n");
          }
        };
    h = new ApiHarness(BatchLimits.DEFAULTS, ApiOptions.DEFAULTS, RequestCeilings.DEFAULTS, List.of(metrics));
    ApiHarness.Response r = h.get("/metrics");
    assertEquals(200, r.status());
    assertEquals("fetchd_up 1\n", r.body());
    assertEquals(405, h.post("/metrics", "{}").status());
  }

  @Test
  void anExtraRouteThatThrowsIsAnInternalErrorWithoutDetails() {
    ExtraRoute broken =
        new ExtraRoute() {
          @Override
          public String path() {
            return "/probe";
          }

          @Override
          public void handle(ApiRequest request, Responder out) {
            throw new IllegalStateException("secret detail");
          }
        };
    h = new ApiHarness(BatchLimits.DEFAULTS, ApiOptions.DEFAULTS, RequestCeilings.DEFAULTS, List.of(broken));
    ApiHarness.Response r = h.get("/probe");
    assertEquals(500, r.status());
    assertEquals("Internal", r.errorType());
    assertFalse(r.body().contains("secret"));
  }

  @Test
  void anExtraRouteCannotTakeABuiltInPath() {
    ExtraRoute clash =
        new ExtraRoute() {
          @Override
          public String path() {
            return "/healthz";
          }

          @Override
          public void handle(ApiRequest request, Responder out) {}
        };
    h = new ApiHarness();
    assertThrows(IllegalArgumentException.class,
        () -> new ApiServer(h.reactor, h.engine, ApiOptions.DEFAULTS, io.fetchd.client.RequestOptions.DEFAULTS,
            RequestCeilings.DEFAULTS, List.of(clash)));
  }

  @Test
  void aBindErrorFailsEveryStartNotJustTheFirst() throws Exception {
    h = new ApiHarness();
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      ApiServer second = new ApiServer(h.reactor, h.engine,
          ApiOptions.DEFAULTS.withHost("127.0.0.1").withPort(taken.getLocalPort()),
          io.fetchd.client.RequestOptions.DEFAULTS, RequestCeilings.DEFAULTS, List.of());
      for (int attempt = 1; attempt <= 3; attempt++) {
        java.util.concurrent.CompletableFuture<java.net.InetSocketAddress> f = second.startFromAnyThread();
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
            () -> f.get(ApiHarness.WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS), "start " + attempt);
        assertTrue(e.getCause() instanceof java.net.BindException
            || String.valueOf(e.getCause()).contains("Address already in use"), "start " + attempt + ": " + e.getCause());
      }
      assertEquals(null, second.boundAddress());
    }
  }

  @Test
  void anIdleConnectionIsClosedAfterTheReadTimeout() throws Exception {
    h = new ApiHarness(BatchLimits.DEFAULTS, ApiOptions.DEFAULTS.withReadTimeout(Duration.ofMillis(200)),
        RequestCeilings.DEFAULTS, List.of());
    try (Socket s = h.socket()) {
      s.getOutputStream().write("GET /healthz HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertEquals(-1, s.getInputStream().read(), "an incomplete request is dropped");
    }
  }

  /** Sends one request on {@code s} (kept open) and reads the status of the answer. */
  private static int status(Socket s, String request) throws IOException {
    s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = s.getInputStream().read()) >= 0) {
      head.append((char) c);
      if (head.toString().endsWith("\r\n\r\n")) {
        break;
      }
    }
    String text = head.toString();
    assertNotNull(text);
    int len = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        len = Integer.parseInt(line.substring(15).trim());
      }
    }
    s.getInputStream().readNBytes(len);
    return Integer.parseInt(text.substring(9, 12));
  }
}
