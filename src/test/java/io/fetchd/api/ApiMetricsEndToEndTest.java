package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.api.http.ApiObserver;
import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.route.RequestCeilings;
import io.fetchd.batch.BatchLimits;
import io.fetchd.metrics.FetchdMetrics;
import io.fetchd.metrics.HttpServerMetrics;
import io.fetchd.metrics.MetricsOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST server's {@link ApiObserver} wired to {@link HttpServerMetrics} as the app wires it:
 * requests and refusals show up in the scrape, labelled by route template.
 */
class ApiMetricsEndToEndTest {
  private Upstream up;
  private ApiHarness h;
  private FetchdMetrics metrics;

  @BeforeEach
  void setUp() throws Exception {
    up = new Upstream();
    h = new ApiHarness(BatchLimits.DEFAULTS, ApiOptions.DEFAULTS, RequestCeilings.DEFAULTS, x -> {
      metrics = FetchdMetrics.create(x.reactor, MetricsOptions.DEFAULTS.withJvmMetrics(false));
      return new ApiHarness.Plugins(metrics.routes(x.fetcher::fetch, "/metrics"), observe(metrics.http()));
    });
  }

  /** The adapter app/Service uses. */
  private static ApiObserver observe(HttpServerMetrics http) {
    return new ApiObserver() {
      @Override
      public void requestCompleted(String routeTemplate, String method, int status, Duration elapsed) {
        http.record(routeTemplate, method, status, elapsed);
      }

      @Override
      public void requestRejected(String reason) {
        http.rejected(reason);
      }
    };
  }

  @AfterEach
  void tearDown() throws Exception {
    up.close();
    h.close();
    metrics.close();
  }

  @Test
  void aServedRequestIsCountedUnderItsRouteTemplate() {
    assertEquals(200, h.post("/v1/fetch", "{\"urls\":[\"" + up.url("/ok/a") + "\"]}").status());
    assertEquals(404, h.get("/v1/batches/some-job").status());

    String scrape = h.get("/metrics").body();
    assertEquals(1.0, sample(scrape, "fetchd_http_server_requests_seconds_count",
        "route=\"/v1/fetch\"", "method=\"POST\"", "status=\"200\""), scrape);
    assertEquals(1.0, sample(scrape, "fetchd_http_server_requests_seconds_count",
        "route=\"/v1/batches/{id}\"", "method=\"GET\"", "status=\"404\""));
    assertTrue(!scrape.contains("some-job"), "never the raw path");
  }

  @Test
  void aRefusalIsCountedByReason() {
    assertEquals(400, h.post("/v1/fetch", "{").status());
    String scrape = h.get("/metrics").body();
    assertEquals(1.0, sample(scrape, "fetchd_http_server_rejected_total", "reason=\"bad_input\""), scrape);
    assertEquals(0.0, sample(scrape, "fetchd_http_server_rejected_total", "reason=\"auth\""));
  }

  /** The value of the one sample of {@code name} whose labels include all of {@code labels}. */
  private static double sample(String scrape, String name, String... labels) {
    List<String> lines = scrape.lines()
        .filter(l -> l.startsWith(name + "{"))
        .filter(l -> List.of(labels).stream().allMatch(l::contains))
        .toList();
    assertEquals(1, lines.size(), name + " " + List.of(labels) + " in\n" + scrape);
    String line = lines.get(0);
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }
}
