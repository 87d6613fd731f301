package io.fetchd.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.client.RequestOptions;
import io.fetchd.client.Timeouts;
import io.fetchd.client.policy.AddressPolicy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /probe} answers with blackbox_exporter's names and meanings. */
class ProbeHandlerTest {
  private static final List<String> PHASES = List.of("resolve", "connect", "tls", "processing", "transfer");

  private final MockWebServer server = new MockWebServer();
  private LoopbackMetrics h;

  @BeforeEach
  void setUp() throws Exception {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (h != null) {
      h.close();
    }
    server.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  private static ScrapeText text(HttpReply r) {
    assertEquals(200, r.status());
    assertEquals(HttpReply.PROMETHEUS_TEXT, r.contentType());
    return ScrapeText.parse(r.body());
  }

  @Test
  void successReportsStatusLengthPhasesAndSuccess() {
    h = new LoopbackMetrics();
    server.enqueue(new MockResponse.Builder().body("hello").build());

    ScrapeText s = text(h.probe(url("/ok")));

    assertEquals(1, s.value("probe_success"));
    assertEquals(200, s.value("probe_http_status_code"));
    assertEquals(5, s.value("probe_http_content_length"));
    assertEquals(5, s.value("probe_http_uncompressed_body_length"));
    assertEquals(0, s.value("probe_http_redirects"));
    assertEquals(0, s.value("probe_http_ssl"));
    assertTrue(s.value("probe_duration_seconds") > 0);
    assertEquals(PHASES, s.labelValues("probe_http_duration_seconds", "phase"));
    assertTrue(s.value("probe_http_duration_seconds", "phase", "connect") > 0);
    assertEquals(0, s.value("probe_http_duration_seconds", "phase", "resolve"), "IP literal");
    assertEquals(0, s.value("probe_http_duration_seconds", "phase", "tls"), "plain http");
    assertFalse(s.has("probe_ssl_earliest_cert_expiry"), "only for https");
    assertFalse(s.has("probe_failure_info"));
    assertEquals("gauge", s.types.get("probe_success"));
  }

  @Test
  void redirectsAreCountedAndPhasesSummedOverHops() {
    h = new LoopbackMetrics();
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/final").build());
    server.enqueue(new MockResponse.Builder().body("done").build());

    ScrapeText s = text(h.probe(url("/start")));

    assertEquals(1, s.value("probe_success"));
    assertEquals(1, s.value("probe_http_redirects"));
    assertEquals(200, s.value("probe_http_status_code"));
  }

  @Test
  void notFoundIsAFailedProbeWithItsStatus() {
    h = new LoopbackMetrics();
    server.enqueue(new MockResponse.Builder().code(404).body("no").build());

    ScrapeText s = text(h.probe(url("/missing")));

    assertEquals(0, s.value("probe_success"));
    assertEquals(404, s.value("probe_http_status_code"));
    assertEquals(1, s.value("probe_failure_info", "type", "HttpStatus"));
  }

  @Test
  void aTargetThatDoesNotAnswerInTimeIsAFailedProbe() {
    h = new LoopbackMetrics();
    server.enqueue(new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS).body("late").build());
    RequestOptions quick =
        RequestOptions.DEFAULTS.withTimeouts(Timeouts.DEFAULTS.withDeadline(Duration.ofMillis(200)));

    ScrapeText s = text(h.probe(url("/slow"), quick));

    assertEquals(0, s.value("probe_success"));
    assertEquals(0, s.value("probe_http_status_code"));
    assertEquals(0, s.value("probe_http_content_length"), "no response: 0, as blackbox reports it (issue 16)");
    assertEquals(1, s.value("probe_failure_info", "type", "DeadlineExceeded"));
    assertTrue(s.value("probe_duration_seconds") >= 0.15, "ran until the deadline");
    assertTrue(s.value("probe_http_duration_seconds", "phase", "connect") > 0, "the connect happened");
  }

  @Test
  void aBlockedAddressIsAFailedProbeWithoutAnyConnection() {
    h = new LoopbackMetrics(MetricsOptions.DEFAULTS.withJvmMetrics(false), AddressPolicy.strict());

    ScrapeText s = text(h.probe("http://10.0.0.1/"));

    assertEquals(0, s.value("probe_success"));
    assertEquals(0, s.value("probe_http_status_code"));
    assertEquals(1, s.value("probe_failure_info", "type", "BlockedAddress"));
    for (String p : PHASES) {
      assertEquals(0, s.value("probe_http_duration_seconds", "phase", p), p);
    }
    assertEquals(1, h.scrape().value("fetchd_blocked_destinations_total", "reason", "private"));
  }

  @Test
  void aMissingTargetIsABadRequest() {
    h = new LoopbackMetrics();

    HttpReply r = h.probe(null);

    assertEquals(400, r.status());
    assertEquals(HttpReply.PLAIN_TEXT, r.contentType());
    assertTrue(r.body().contains("target"));
  }

  @Test
  void anInvalidTargetIsABadRequest() {
    h = new LoopbackMetrics();

    assertEquals(400, h.probe("http://exa mple.com/").status());
    assertEquals(400, h.probe("ftp://example.com/").status());
  }

  @Test
  void aTargetWithoutSchemeIsTakenAsHttp() {
    h = new LoopbackMetrics();
    server.enqueue(new MockResponse.Builder().body("x").build());

    ScrapeText s = text(h.probe("127.0.0.1:" + server.getPort() + "/"));

    assertEquals(1, s.value("probe_success"));
  }

  @Test
  void targetIsReadFromTheDecodedQueryString() {
    assertEquals("http://a.example/?x=1&y=2",
        ProbeHandler.targetOf("/probe?target=http%3A%2F%2Fa.example%2F%3Fx%3D1%26y%3D2&module=http_2xx"));
    assertNull(ProbeHandler.targetOf("/probe"));
  }

  @Test
  void probesDoNotTouchTheGlobalRegistryBeyondTheFetchListener() {
    h = new LoopbackMetrics();
    server.enqueue(new MockResponse.Builder().body("x").build());
    h.probe(url("/ok"));

    assertFalse(h.metrics.scrape().body().contains("probe_success"));
  }
}
