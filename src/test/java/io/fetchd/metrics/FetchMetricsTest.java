package io.fetchd.metrics;

import static io.fetchd.metrics.Fixtures.get;
import static io.fetchd.metrics.Fixtures.ms;
import static io.fetchd.metrics.Fixtures.result;
import static io.fetchd.metrics.Fixtures.scrape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.client.ConnectTimeoutException;
import io.fetchd.client.FetchException;
import io.fetchd.client.FetchListener;
import io.fetchd.client.FetchRequest;
import io.fetchd.client.FetchResult;
import io.fetchd.client.HttpStatusException;
import io.fetchd.client.Phase;
import io.fetchd.client.Version;
import io.fetchd.client.policy.BlockReason;
import io.fetchd.defer.Deferred;
import io.fetchd.task.FakeClock;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FetchMetricsTest {
  private final FakeClock clock = new FakeClock();
  private final FetchdMetrics metrics = Fixtures.onFakeClock(clock);
  private final FetchListener listener = metrics.fetchListener();

  @Test
  void everyErrorTypeIsRegisteredAtZeroBeforeAnyFetch() {
    ScrapeText s = scrape(metrics);
    for (String type : Labels.ERROR_TYPES) {
      double sum = s.find("fetchd_fetches_total", "error_type", type).stream()
          .mapToDouble(ScrapeText.Sample::value).sum();
      assertEquals(0, sum, type);
      assertTrue(!s.find("fetchd_fetches_total", "error_type", type).isEmpty(), type + " is pre-registered");
    }
    assertEquals(0, s.value("fetchd_fetches_total", "outcome", "success", "error_type", "none", "status_class", "2xx"));
    assertEquals(0, s.value("fetchd_fetches_total", "outcome", "failure", "error_type", "HttpStatus", "status_class", "5xx"));
  }

  @Test
  void errorTypeListIsExactlyTheSealedFailureFamily() throws Exception {
    Set<String> family = new TreeSet<>();
    Deque<Class<?>> todo = new ArrayDeque<>();
    todo.add(FetchException.class);
    while (!todo.isEmpty()) {
      Class<?> c = todo.pop();
      if (c.isSealed()) {
        todo.addAll(java.util.List.of(c.getPermittedSubclasses()));
      } else if (!Modifier.isAbstract(c.getModifiers())) {
        family.add(instance(c).type());
      }
    }
    Set<String> listed = new TreeSet<>(Labels.ERROR_TYPES);
    listed.remove(Labels.NONE);
    assertEquals(family, listed);
  }

  private static FetchException instance(Class<?> c) throws Exception {
    for (Constructor<?> k : c.getConstructors()) {
      Class<?>[] p = k.getParameterTypes();
      Object[] args = new Object[p.length];
      for (int i = 0; i < p.length; i++) {
        args[i] = p[i] == String.class ? "x" : p[i] == int.class ? 500 : null;
      }
      return (FetchException) k.newInstance(args);
    }
    throw new AssertionError("no public constructor on " + c);
  }

  @Test
  void blockReasonsAndDnsAndRejectReasonsAreRegisteredAtZero() {
    ScrapeText s = scrape(metrics);
    for (BlockReason r : BlockReason.values()) {
      assertEquals(0, s.value("fetchd_blocked_destinations_total", "reason", r.metricName()));
    }
    assertEquals(0, s.value("fetchd_dns_lookups_total", "cache", "hit"));
    assertEquals(0, s.value("fetchd_dns_lookups_total", "cache", "miss"));
    for (String r : Labels.REJECT_REASONS) {
      assertEquals(0, s.value("fetchd_http_server_rejected_total", "reason", r));
    }
    for (String p : Labels.PHASES) {
      assertEquals(0, s.value("fetchd_fetch_phase_duration_seconds_count", "phase", p));
    }
  }

  @Test
  void successAndFailuresAreCountedByOutcomeTypeAndStatusClass() {
    listener.succeeded(get("http://a.example/"), result("http://a.example/", 200, 100, ms(10)));
    FetchResult notFound = result("http://a.example/missing", 404, 9, ms(20));
    listener.failed(get("http://a.example/missing"), new HttpStatusException(404, notFound), ms(20), notFound);
    listener.failed(get("http://b.example/"), new ConnectTimeoutException("slow"), ms(30), null);

    ScrapeText s = scrape(metrics);
    assertEquals(1, s.value("fetchd_fetches_total", "outcome", "success", "error_type", "none", "status_class", "2xx"));
    assertEquals(1, s.value("fetchd_fetches_total", "outcome", "failure", "error_type", "HttpStatus", "status_class", "4xx"));
    assertEquals(1, s.value("fetchd_fetches_total", "outcome", "failure", "error_type", "ConnectTimeout", "status_class", "none"));
    assertEquals(1, s.value("fetchd_fetch_duration_seconds_count", "outcome", "success"));
    assertEquals(2, s.value("fetchd_fetch_duration_seconds_count", "outcome", "failure"));
    assertEquals(2, s.value("fetchd_response_size_bytes_count"));
    assertEquals(109, s.value("fetchd_response_size_bytes_sum"));
  }

  @Test
  void onlyPhasesThatCompletedAreObserved() {
    FetchRequest r = get("http://a.example/");
    listener.phaseStarted(r, Phase.CONNECT);
    listener.phaseEnded(r, Phase.CONNECT, ms(3));
    listener.phaseStarted(r, Phase.TTFB);
    listener.phaseEnded(r, Phase.TTFB, ms(4));
    listener.phaseStarted(r, Phase.TRANSFER);
    listener.phaseEnded(r, Phase.TRANSFER, ms(5));
    listener.phaseStarted(r, Phase.DNS);
    listener.phaseFailed(r, Phase.DNS, ms(6));

    ScrapeText s = scrape(metrics);
    assertEquals(1, s.value("fetchd_fetch_phase_duration_seconds_count", "phase", "connect"));
    assertEquals(1, s.value("fetchd_fetch_phase_duration_seconds_count", "phase", "ttfb"));
    assertEquals(0, s.value("fetchd_fetch_phase_duration_seconds_count", "phase", "dns"), "a failed phase is not observed");
    assertEquals(0, s.value("fetchd_fetch_phase_duration_seconds_count", "phase", "tls"));
    assertEquals(0, s.value("fetchd_fetch_phase_duration_seconds_count", "phase", "queue"));
  }

  @Test
  void everyPhaseHasItsOneSeriesFromTheStart() {
    assertEquals(
        Phase.values().length,
        scrape(metrics).labelValues("fetchd_fetch_phase_duration_seconds_count", "phase").size());
  }

  @Test
  void redirectsRetriesBlocksAndDnsLookupsAreCounted() {
    listener.redirected(301);
    listener.redirected(302);
    listener.retrying("status 503", ms(100));
    listener.retrying("ConnectRefused", ms(100));
    listener.retrying("stale_connection", Duration.ZERO);
    listener.blocked("cloud_metadata");
    listener.dnsLookup(true);
    listener.dnsLookup(false);
    listener.dnsLookup(false);

    ScrapeText s = scrape(metrics);
    assertEquals(2, s.value("fetchd_redirects_total"));
    assertEquals(1, s.value("fetchd_retries_total", "reason", "status_503"));
    assertEquals(1, s.value("fetchd_retries_total", "reason", "ConnectRefused"));
    assertEquals(1, s.value("fetchd_retries_total", "reason", "stale_connection"));
    assertEquals(1, s.value("fetchd_blocked_destinations_total", "reason", "cloud_metadata"));
    assertEquals(1, s.value("fetchd_dns_lookups_total", "cache", "hit"));
    assertEquals(2, s.value("fetchd_dns_lookups_total", "cache", "miss"));
  }

  @Test
  void retryReasonsOutsideTheKnownShapesBecomeOther() {
    assertEquals("status_429", Labels.retryReason("status 429"));
    assertEquals("other", Labels.retryReason("status abc"));
    assertEquals("other", Labels.retryReason("connection reset by peer 10.0.0.1"));
    assertEquals("other", Labels.retryReason(null));
  }

  @Test
  void fetchesInFlightReadsTheBoundSourceAtEveryScrape() {
    assertEquals(0, scrape(metrics).value("fetchd_fetches_in_flight"), "0 until bound");
    int[] inFlight = {2};
    metrics.fetchMetrics().bindInFlight(() -> inFlight[0]);
    assertEquals(2, scrape(metrics).value("fetchd_fetches_in_flight"));
    inFlight[0] = 0;
    assertEquals(0, scrape(metrics).value("fetchd_fetches_in_flight"));
  }

  @Test
  void loopConfinedGaugesShowWhatTheLoopLastSampled() {
    int[] open = {3};
    metrics.sampler().bindConnections(() -> open[0], () -> 1);
    metrics.sampler().bindQueuedUrls(() -> 42);
    metrics.start();

    ScrapeText s = scrape(metrics);
    assertEquals(3, s.value("fetchd_connections_open"));
    assertEquals(1, s.value("fetchd_connections_idle"));
    assertEquals(42, s.value("fetchd_urls_queued"));

    open[0] = 7;
    assertEquals(3, scrape(metrics).value("fetchd_connections_open"), "not read from the scrape thread");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(7, scrape(metrics).value("fetchd_connections_open"));
    metrics.close();
  }

  @Test
  void httpServerRequestsAreTimedByRouteMethodAndStatus() {
    metrics.http().record("/v1/fetch", "post", 200, ms(12));
    metrics.http().record("/v1/fetch", "POST", 200, ms(8));
    metrics.http().record(null, "BREW", 404, ms(1));
    metrics.http().rejected("overload");
    metrics.http().rejected("teapot");

    ScrapeText s = scrape(metrics);
    assertEquals(2, s.value("fetchd_http_server_requests_seconds_count", "route", "/v1/fetch", "method", "POST", "status", "200"));
    assertEquals(1, s.value("fetchd_http_server_requests_seconds_count", "route", "unmatched", "method", "OTHER", "status", "404"));
    assertEquals(1, s.value("fetchd_http_server_rejected_total", "reason", "overload"));
    assertEquals(1, s.value("fetchd_http_server_rejected_total", "reason", "other"));
  }

  @Test
  void routesBeyondTheCapShareOneSeries() {
    for (int i = 0; i < 100; i++) {
      metrics.http().record("/r/" + i, "GET", 200, ms(1));
    }

    ScrapeText s = scrape(metrics);
    assertEquals(HttpServerMetrics.MAX_ROUTES + 1, s.labelValues("fetchd_http_server_requests_seconds_count", "route").size());
    assertEquals(100 - HttpServerMetrics.MAX_ROUTES,
        s.value("fetchd_http_server_requests_seconds_count", "route", "other"));
  }

  @Test
  void buildInfoIsOneWithVersionAndRevision() {
    FetchdMetrics m = Fixtures.onFakeClock(clock, MetricsOptions.DEFAULTS.withRevision("abc123"));

    assertEquals(1, scrape(m).value("fetchd_build_info", "version", Version.VERSION, "revision", "abc123"));
  }
}
