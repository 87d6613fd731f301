package io.fetchd.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.batch.Batch;
import io.fetchd.batch.BatchEngine;
import io.fetchd.batch.BatchLimits;
import io.fetchd.batch.BatchState;
import io.fetchd.client.RequestOptions;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real fetches over loopback, seen in the scrape. */
class EndToEndMetricsTest {
  private final MockWebServer server = new MockWebServer();
  private LoopbackMetrics h;

  @BeforeEach
  void setUp() throws Exception {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    h = new LoopbackMetrics();
  }

  @AfterEach
  void tearDown() throws Exception {
    h.close();
    server.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  private void enqueue(int code, String body) {
    server.enqueue(new MockResponse.Builder().code(code).body(body).build());
  }

  @Test
  void perUrlSeriesCountEveryOutcome() {
    enqueue(200, "one");
    enqueue(200, "two");
    enqueue(404, "none");
    h.fetch(url("/a?token=secret"));
    h.fetch(url("/a?token=other"));
    h.fetch(url("/missing"));

    ScrapeText s = h.scrape();
    String a = url("/a");
    assertEquals(2, s.value("fetchd_url_fetch_duration_seconds_count", "url", a));
    assertEquals(2, s.value("fetchd_url_fetch_duration_seconds_bucket", "url", a, "le", "+Inf"));
    assertEquals(1, s.value("fetchd_url_fetch_duration_seconds_count", "url", url("/missing")));
    assertTrue(s.labelValues("fetchd_url_fetch_duration_seconds_count", "url").stream().noneMatch(u -> u.contains("secret")));
    assertEquals(3, s.value("fetchd_host_fetch_duration_seconds_count", "host", "127.0.0.1:" + server.getPort()));
    assertEquals(2, s.value("fetchd_fetches_total", "outcome", "success", "error_type", "none", "status_class", "2xx"));
    assertEquals(1, s.value("fetchd_fetches_total", "outcome", "failure", "error_type", "HttpStatus", "status_class", "4xx"));
  }

  @Test
  void phasesAreObservedOnlyWhenTheyHappened() {
    enqueue(200, "x");
    enqueue(200, "y");
    h.fetch(url("/p"));
    h.fetch(url("/p")); // reuses the pooled connection: no second connect

    ScrapeText s = h.scrape();
    assertEquals(1, s.value("fetchd_fetch_phase_duration_seconds_count", "phase", "connect"));
    assertEquals(2, s.value("fetchd_fetch_phase_duration_seconds_count", "phase", "ttfb"));
    assertEquals(2, s.value("fetchd_fetch_phase_duration_seconds_count", "phase", "transfer"));
    assertEquals(0, s.value("fetchd_fetch_phase_duration_seconds_count", "phase", "dns"), "IP literal: no lookup");
    assertEquals(0, s.value("fetchd_fetch_phase_duration_seconds_count", "phase", "tls"), "plain http: no handshake");
  }

  @Test
  void batchesAndPooledConnectionsAreSeenThroughTheEngineAndTheLoop() {
    for (int i = 0; i < 3; i++) {
      enqueue(200, "b" + i);
    }
    h.metrics.start();
    BatchEngine engine = h.onLoop(() -> new BatchEngine(
        h.fetcher::fetch, h.reactor, BatchLimits.DEFAULTS, h.metrics.batchEvents()));
    h.metrics.watch(h.fetcher, engine);
    CompletableFuture<Batch> done = new CompletableFuture<>();
    h.onLoop(() -> engine.start(List.of(url("/b/1"), url("/b/2"), url("/b/3")), RequestOptions.DEFAULTS,
        new io.fetchd.batch.BatchListener() {
          @Override
          public void onFinished(Batch batch) {
            done.complete(batch);
          }
        }));
    assertEquals(BatchState.DONE, LoopbackMetrics.await(done).state());
    int open = h.onLoop(h.fetcher::openConnections);
    h.onLoop(() -> {
      h.metrics.sampler().sample();
      return null;
    });

    ScrapeText s = h.scrape();
    assertEquals(1, s.value("fetchd_batches_started_total"));
    assertEquals(1, s.value("fetchd_batches_finished_total"));
    assertEquals(0, s.value("fetchd_batches_cancelled_total"));
    assertEquals(3, s.value("fetchd_batch_size_urls_sum"));
    assertEquals(1, s.value("fetchd_batch_duration_seconds_count"));
    assertEquals(0, s.value("fetchd_fetches_in_flight"));
    assertEquals(0, s.value("fetchd_urls_queued"));
    assertEquals(h.fetcher.maxInFlight(), s.value("fetchd_fetches_in_flight_limit"));
    assertEquals(engine.limits().maxQueuedUrls(), s.value("fetchd_urls_queued_limit"));
    assertTrue(open >= 1);
    assertEquals(open, s.value("fetchd_connections_open"));
    for (int i = 1; i <= 3; i++) {
      assertEquals(1, s.value("fetchd_url_fetch_duration_seconds_count", "url", url("/b/" + i)));
    }
  }

  @Test
  void everyMeterOfTheEnumIsInTheScrapeWithHelpOnceUsed() {
    enqueue(200, "x");
    h.metrics.start();
    h.fetch(url("/x"));
    h.metrics.http().record("/v1/fetch", "POST", 200, java.time.Duration.ofMillis(1));
    h.metrics.watch(io.fetchd.memory.MemoryBudget.unlimited());
    BatchEngine engine = h.onLoop(() -> new BatchEngine(h.fetcher::fetch, h.reactor, BatchLimits.DEFAULTS,
        h.metrics.batchEvents()));
    h.metrics.watch(h.fetcher, engine);
    h.onLoop(() -> engine.start(List.of(), RequestOptions.DEFAULTS, io.fetchd.batch.BatchListener.NONE));

    ScrapeText s = h.scrape();
    for (FetchdMeter m : FetchdMeter.values()) {
      String family = m.prometheusName();
      assertTrue(s.has(family) || s.has(family + "_count"), family + " is missing from the scrape");
      assertNotNull(s.helps.get(family), family + " has no HELP");
    }
  }

  @Test
  void theMemoryBudgetIsExportedByKindUnderTheNamesTheBenchmarkReads() {
    io.fetchd.memory.MemoryBudget b = new io.fetchd.memory.MemoryBudget(1000);
    assertTrue(b.tryReserve(io.fetchd.memory.MemoryKind.JOB_OUTCOMES, 300));
    assertTrue(!b.tryReserve(io.fetchd.memory.MemoryKind.KEPT_BODIES, 800));
    h.metrics.watch(b);

    ScrapeText s = h.scrape();
    assertEquals(1000, s.value("fetchd_memory_budget_limit_bytes"));
    assertEquals(300, s.value("fetchd_memory_budget_used_bytes", "kind", "job_outcomes"));
    assertEquals(0, s.value("fetchd_memory_budget_used_bytes", "kind", "kept_bodies"));
    assertEquals(0, s.value("fetchd_memory_budget_used_bytes", "kind", "request_bodies"));
    assertEquals(0, s.value("fetchd_memory_budget_used_bytes", "kind", "queued_responses"));
    assertEquals(1, s.value("fetchd_memory_budget_refusals_total", "kind", "kept_bodies"));
    assertEquals(0, s.value("fetchd_memory_budget_refusals_total", "kind", "job_outcomes"));
  }

  @Test
  void scrapeIsPrometheusTextFormat() {
    HttpReply r = h.metrics.scrape();

    assertEquals(200, r.status());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", r.contentType());
    assertTrue(r.body().contains("# TYPE fetchd_fetches_total counter"));
  }
}
