package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.http.ApiRequest;
import io.fetchd.api.http.Responder;
import io.fetchd.api.route.ExtraRoute;
import io.fetchd.api.route.RequestCeilings;
import io.fetchd.batch.BatchLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The management listener beside the API on 127.0.0.1: extra routes and health there, /v1 not;
 * the API's request gate, auth rule and observer apply to it as well.
 */
class ManagementServerTest {
  private static final String TOKEN = "s3cret";

  /** A stand-in for /metrics: answers a fixed text. */
  private static final ExtraRoute SCRAPE = new ExtraRoute() {
    @Override
    public String path() {
      return "/metrics";
    }

    @Override
    public void handle(ApiRequest request, Responder out) {
      out.text(200, "text/plain; version=0.0.4; charset=utf-8", "fetchd_up 1\n");
    }
  };

  private final RecordingObserver observer = new RecordingObserver();
  private ApiHarness h;
  private ManagementServer mgmt;
  private int mgmtPort;

  /** The API with no extra routes and a management listener on a free port serving {@link #SCRAPE}. */
  private void start(ApiOptions options) {
    h = new ApiHarness(BatchLimits.DEFAULTS, options, RequestCeilings.DEFAULTS,
        x -> new ApiHarness.Plugins(List.of(), observer));
    mgmt = new ManagementServer(h.reactor, h.server, options.withHost("127.0.0.1").withPort(0), List.of(SCRAPE),
        observer);
    mgmtPort = ApiHarness.await(mgmt.startFromAnyThread()).getPort();
  }

  @AfterEach
  void tearDown() {
    if (mgmt != null) {
      ApiHarness.await(mgmt.shutdownFromAnyThread());
    }
    if (h != null) {
      h.close();
    }
  }

  private ApiHarness.Response onMgmt(String method, String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mgmtPort + path))
        .method(method, method.equals("POST")
            ? HttpRequest.BodyPublishers.ofString("{\"urls\":[\"http://127.0.0.1:1/\"]}")
            : HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.setHeader(headers[i], headers[i + 1]);
    }
    return h.send(b);
  }

  private String rawStatusLine(int port, String request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout((int) ApiHarness.WAIT.toMillis());
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      String got = ApiHarness.readToEof(s.getInputStream());
      return got.substring(0, got.indexOf("\r\n"));
    }
  }

  @Test
  void extraRoutesAreServedOnTheManagementPortAndNotOnTheApiPort() {
    start(ApiOptions.DEFAULTS);
    ApiHarness.Response scrape = onMgmt("GET", "/metrics");
    assertEquals(200, scrape.status());
    assertEquals("fetchd_up 1\n", scrape.body());
    assertEquals(404, h.get("/metrics").status());
    assertEquals("NotFound", h.get("/metrics").errorType());
  }

  @Test
  void apiRoutesAreNotFoundOnTheManagementPort() {
    start(ApiOptions.DEFAULTS);
    ApiHarness.Response fetch = onMgmt("POST", "/v1/fetch", "Content-Type", "application/json");
    assertEquals(404, fetch.status());
    assertEquals("NotFound", fetch.errorType());
    assertEquals(404, onMgmt("GET", "/v1/batches/some-job").status());
    assertEquals(404, onMgmt("GET", "/v1").status());
  }

  @Test
  void healthAndReadinessAreServedOnBothPorts() {
    start(ApiOptions.DEFAULTS);
    assertEquals(200, onMgmt("GET", "/healthz").status());
    assertEquals(200, onMgmt("GET", "/readyz").status());
    assertEquals(200, onMgmt("HEAD", "/readyz").status());
    assertEquals(200, h.get("/healthz").status());
    assertEquals(200, h.get("/readyz").status());
  }

  @Test
  void readyzOnTheManagementPortTurns503WhenTheApiBeginsShuttingDown() {
    start(ApiOptions.DEFAULTS);
    h.server.shutdownFromAnyThread(Duration.ofMinutes(10));
    h.awaitOnLoop(() -> !h.server.isReady());
    ApiHarness.Response ready = onMgmt("GET", "/readyz");
    assertEquals(503, ready.status());
    assertEquals("draining", ready.json().path("status").asText());
    assertEquals(200, onMgmt("GET", "/metrics").status(), "the scrape goes on through the grace");
  }

  @Test
  void withTokensTheManagementRoutesAreOpenUnlessProtected() {
    start(ApiOptions.DEFAULTS.withAuthTokens(List.of(TOKEN)));
    assertEquals(200, onMgmt("GET", "/metrics").status());
    assertEquals(200, onMgmt("GET", "/readyz").status());
    assertEquals(404, onMgmt("POST", "/v1/fetch", "Content-Type", "application/json").status(),
        "no /v1 here, so no token asked for it");
  }

  @Test
  void protectHealthAndMetricsAsksForATokenOnTheManagementPortToo() {
    ApiOptions d = ApiOptions.DEFAULTS;
    start(new ApiOptions(d.host(), d.port(), d.maxRequestBodyBytes(), d.maxInitialLineLength(), d.maxHeaderSize(),
        d.readTimeout(), List.of(TOKEN), true, d.drainTimeout()));
    assertEquals(401, onMgmt("GET", "/metrics").status());
    assertEquals(401, onMgmt("GET", "/healthz").status());
    assertEquals(401, onMgmt("GET", "/v1/fetch").status(), "everything needs the token, as on the API port");
    assertEquals(200, onMgmt("GET", "/metrics", "Authorization", "Bearer " + TOKEN).status());
    assertEquals(404, onMgmt("GET", "/v1/fetch", "Authorization", "Bearer " + TOKEN).status());
  }

  @Test
  void theRequestGateAppliesOnTheManagementPort() throws IOException {
    start(ApiOptions.DEFAULTS.withMaxRequestBodyBytes(16));
    String longTarget = "/metrics?x=" + "a".repeat(ApiOptions.DEFAULTS.maxInitialLineLength());
    assertEquals("HTTP/1.1 414 Request-URI Too Long",
        rawStatusLine(mgmtPort, "GET " + longTarget + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    assertEquals("HTTP/1.1 413 Request Entity Too Large",
        rawStatusLine(mgmtPort, "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 17\r\n\r\n"));
  }

  @Test
  void managementRequestsAreReportedToTheObserverByTemplate() {
    start(ApiOptions.DEFAULTS);
    assertEquals(200, onMgmt("GET", "/metrics").status());
    assertEquals(404, onMgmt("POST", "/v1/fetch", "Content-Type", "application/json").status());
    assertEquals(405, onMgmt("DELETE", "/readyz").status());
    assertEquals(List.of("GET /metrics 200", "POST unmatched 404", "DELETE /readyz 405"), h.onLoop(observer::keys));
  }

  @Test
  void shutdownClosesTheSocketAndIdleConnections() throws IOException {
    start(ApiOptions.DEFAULTS);
    try (Socket idle = new Socket()) {
      idle.connect(new InetSocketAddress("127.0.0.1", mgmtPort), 5000);
      idle.setSoTimeout((int) ApiHarness.WAIT.toMillis());
      h.awaitOnLoop(() -> mgmt.openConnections() == 1);
      ApiHarness.await(mgmt.shutdownFromAnyThread());
      assertEquals(-1, idle.getInputStream().read(), "the idle connection was closed");
    }
    assertEquals(0, mgmt.openConnections());
    assertThrows(IOException.class, () -> new Socket("127.0.0.1", mgmtPort).close(), "no longer accepting");
    assertTrue(h.server.isReady(), "the API is not the management listener's to stop");
  }

  @Test
  void anExtraRouteUnderV1IsRefused() {
    start(ApiOptions.DEFAULTS);
    ExtraRoute v1 = new ExtraRoute() {
      @Override
      public String path() {
        return "/v1/metrics";
      }

      @Override
      public void handle(ApiRequest request, Responder out) {
        out.text(200, "text/plain", "no");
      }
    };
    assertThrows(IllegalArgumentException.class,
        () -> new ManagementServer(h.reactor, h.server, ApiOptions.DEFAULTS.withPort(0), List.of(v1), observer));
  }
}
