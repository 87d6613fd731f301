package io.fetchd.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.client.FetcherConfig;
import io.fetchd.client.HttpFetcher;
import io.fetchd.client.RequestOptions;
import java.net.InetAddress;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Probes never reuse a connection, so that blackbox's connect (and TLS) phases are real every
 * time, and share none with batches.
 */
class ProbeFreshConnectionTest {
  private final MockWebServer server = new MockWebServer();
  private LoopbackMetrics h;
  private HttpFetcher probes;

  @BeforeEach
  void setUp() throws Exception {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    h = new LoopbackMetrics();
    FetcherConfig config = FetcherConfig.DEFAULTS.withAddressPolicy(LoopbackMetrics.LOOPBACK_ALLOWED).withoutReuse();
    probes = h.onLoop(() -> new HttpFetcher(h.reactor, config));
  }

  @AfterEach
  void tearDown() throws Exception {
    h.onLoop(() -> {
      probes.close();
      return null;
    });
    h.close();
    server.close();
  }

  private ScrapeText probe(String url) {
    ProbeHandler handler = new ProbeHandler(h.reactor, probes::fetch, RequestOptions.DEFAULTS.withSha256(false));
    return ScrapeText.parse(LoopbackMetrics.await(h.metrics.probeFromAnyThread(handler, url)).body());
  }

  @Test
  void backToBackProbesEachDialAndMeasureTheirConnect() throws Exception {
    String url = "http://127.0.0.1:" + server.getPort() + "/";
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().body("ok").build());
    }

    for (int i = 0; i < 3; i++) {
      ScrapeText s = probe(url);
      assertEquals(1, s.value("probe_success"));
      assertTrue(s.value("probe_http_duration_seconds", "phase", "connect") > 0, "probe " + i + " dialled");
    }

    for (int i = 0; i < 3; i++) {
      assertEquals(i, server.takeRequest().getConnectionIndex(), "request " + i + " came on a new connection");
    }
    assertEquals(0, (int) h.onLoop(() -> probes.idleConnections()), "nothing kept idle");
  }

  @Test
  void aProbeDoesNotUseTheConnectionABatchFetchLeftIdle() throws Exception {
    String url = "http://127.0.0.1:" + server.getPort() + "/";
    server.enqueue(new MockResponse.Builder().body("batch").build());
    server.enqueue(new MockResponse.Builder().body("probe").build());
    h.fetch(url); // the batch fetcher keeps its connection idle
    assertEquals(1, (int) h.onLoop(() -> h.fetcher.idleConnections()));

    ScrapeText s = probe(url);

    assertEquals(1, s.value("probe_success"));
    assertTrue(s.value("probe_http_duration_seconds", "phase", "connect") > 0);
    server.takeRequest();
    assertEquals(1, server.takeRequest().getConnectionIndex(), "the probe dialled its own connection");
    assertEquals(1, (int) h.onLoop(() -> h.fetcher.idleConnections()), "the batch connection is untouched");
  }
}
