package io.fetchd.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.api.ApiServer;
import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.route.RequestCeilings;
import io.fetchd.batch.BatchEngine;
import io.fetchd.batch.BatchLimits;
import io.fetchd.client.RequestOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /metrics and /probe served by the real REST server through its ExtraRoute hook. */
class MetricsRoutesTest {
  private final MockWebServer upstream = new MockWebServer();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private LoopbackMetrics h;
  private ApiServer api;
  private String base;

  @BeforeEach
  void setUp() throws Exception {
    upstream.start(InetAddress.getByName("127.0.0.1"), 0);
    h = new LoopbackMetrics();
  }

  private void start(ApiOptions options) {
    BatchEngine engine = h.onLoop(() -> new BatchEngine(
        h.fetcher::fetch, h.reactor, BatchLimits.DEFAULTS, h.metrics.batchEvents()));
    api = new ApiServer(h.reactor, engine, options.withPort(0), RequestOptions.DEFAULTS,
        RequestCeilings.DEFAULTS, h.metrics.routes(h.fetcher::fetch));
    InetSocketAddress bound = LoopbackMetrics.await(api.startFromAnyThread());
    base = "http://127.0.0.1:" + bound.getPort();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (api != null) {
      LoopbackMetrics.await(api.shutdownFromAnyThread());
    }
    h.close();
    upstream.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    if (api == null) {
      start(ApiOptions.DEFAULTS);
    }
    return get(path, null);
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsRouteServesTheScrape() throws Exception {
    HttpResponse<String> r = get("/metrics");

    assertEquals(200, r.statusCode());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
    assertEquals(1, ScrapeText.parse(r.body()).value("fetchd_build_info", "version", io.fetchd.client.Version.VERSION, "revision", h.metrics.options().revision()));
  }

  @Test
  void nameFiltersLimitTheScrapeToTheFamiliesNamed() throws Exception {
    String all = get("/metrics").body();
    assertTrue(all.contains("fetchd_build_info") && all.contains("fetchd_fetches_total{"), all);

    String some = get("/metrics?name[]=fetchd_fetches_total&name[]=fetchd_build_info").body();

    assertTrue(some.contains("fetchd_fetches_total{"), some);
    assertEquals(1, ScrapeText.parse(some).value("fetchd_build_info", "version", io.fetchd.client.Version.VERSION,
        "revision", h.metrics.options().revision()));
    for (String line : some.split("\n")) {
      assertTrue(line.isEmpty() || line.contains("fetchd_fetches") || line.contains("fetchd_build_info"), line);
    }
    assertTrue(some.length() < all.length() / 2, some.length() + " of " + all.length());
  }

  @Test
  void probeRouteFetchesTheTargetNow() throws Exception {
    upstream.enqueue(new MockResponse.Builder().body("up").build());
    String target = "http://127.0.0.1:" + upstream.getPort() + "/health";

    HttpResponse<String> r = get("/probe?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8));

    assertEquals(200, r.statusCode());
    ScrapeText s = ScrapeText.parse(r.body());
    assertEquals(1, s.value("probe_success"));
    assertEquals(200, s.value("probe_http_status_code"));
    assertEquals(1, upstream.getRequestCount());
  }

  @Test
  void probeRouteAnswersBeforeThePrometheusScrapeTimeoutOfASilentTarget() throws Exception {
    start(ApiOptions.DEFAULTS);
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      String target = "http://127.0.0.1:" + silent.getLocalPort() + "/";
      HttpRequest req = HttpRequest.newBuilder(
              URI.create(base + "/probe?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8)))
          .header("X-Prometheus-Scrape-Timeout-Seconds", "1")
          .timeout(Duration.ofSeconds(20))
          .build();
      long start = System.nanoTime();

      HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());

      double took = (System.nanoTime() - start) / 1e9;
      assertEquals(200, r.statusCode());
      assertEquals(0, ScrapeText.parse(r.body()).value("probe_success"));
      assertTrue(took < 0.95, "answered within the scrape timeout, took " + took);
    }
  }

  @Test
  void probeRouteWithoutTargetIsABadRequest() throws Exception {
    HttpResponse<String> r = get("/probe");

    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("BadRequest"), r.body());
  }

  @Test
  void probeNeedsTheTokenWheneverTokensAreSetBecauseItFetches() throws Exception {
    start(ApiOptions.DEFAULTS.withAuthTokens(java.util.List.of("s3cret")));
    upstream.enqueue(new MockResponse.Builder().body("up").build());
    String target = "/probe?target="
        + URLEncoder.encode("http://127.0.0.1:" + upstream.getPort() + "/", StandardCharsets.UTF_8);

    HttpResponse<String> anonymous = get(target, null);
    HttpResponse<String> wrong = get(target, "guess");

    assertEquals(401, anonymous.statusCode());
    assertTrue(anonymous.body().contains("Unauthorized"), anonymous.body());
    assertEquals(401, wrong.statusCode());
    assertEquals(0, upstream.getRequestCount(), "nothing was fetched for a caller without the token");

    HttpResponse<String> allowed = get(target, "s3cret");
    assertEquals(200, allowed.statusCode());
    assertEquals(1, ScrapeText.parse(allowed.body()).value("probe_success"));
  }

  @Test
  void metricsStayOpenWithTokensUnlessProtectHealthAndMetricsIsSet() throws Exception {
    start(ApiOptions.DEFAULTS.withAuthTokens(java.util.List.of("s3cret")));

    assertEquals(200, get("/metrics", null).statusCode());
    assertEquals(200, get("/healthz", null).statusCode());
  }

  @Test
  void probeRouteAnswersAnUnknownModuleWithBlackboxsPlainText() throws Exception {
    HttpResponse<String> r = get("/probe?module=nope&target=http://127.0.0.1:" + upstream.getPort() + "/");
    assertEquals(400, r.statusCode());
    assertEquals("Unknown module \"nope\"\n", r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    assertEquals(0, upstream.getRequestCount());
  }

  @Test
  void probeRouteWithDebugAnswersTheLogAsText() throws Exception {
    upstream.enqueue(new MockResponse.Builder().body("hi").build());
    HttpResponse<String> r = get("/probe?module=http_2xx&debug=true&target="
        + URLEncoder.encode("http://127.0.0.1:" + upstream.getPort() + "/", StandardCharsets.UTF_8));
    assertEquals(200, r.statusCode());
    assertTrue(r.body().startsWith("Logs for the probe:\n"), r.body());
    assertTrue(r.body().contains("\nprobe_success 1\n"), r.body());
  }
}
