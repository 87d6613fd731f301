package io.fetchd.metrics;

import static io.fetchd.metrics.Fixtures.get;
import static io.fetchd.metrics.Fixtures.ms;
import static io.fetchd.metrics.Fixtures.result;
import static io.fetchd.metrics.Fixtures.scrape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.client.ConnectRefusedException;
import io.fetchd.client.FetchListener;
import io.fetchd.task.FakeClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class UrlSeriesGuardTest {
  private static final String URL_SECONDS = "fetchd_url_fetch_duration_seconds";

  private final FakeClock clock = new FakeClock();

  private static void ok(FetchListener l, String url, long millis) {
    l.succeeded(get(url), result(url, 200, 10, ms(millis)));
  }

  @Test
  void eachUrlOutcomeIsObservedOnceInItsSeries() {
    FetchdMetrics m = Fixtures.onFakeClock(clock);
    FetchListener l = m.fetchListener();
    ok(l, "http://a.example/x", 20);
    ok(l, "http://a.example/x", 40);
    l.failed(get("http://b.example/"), new ConnectRefusedException("refused"), ms(5), null);

    ScrapeText s = scrape(m);
    assertEquals(2, s.value(URL_SECONDS + "_count", "url", "http://a.example/x"));
    assertEquals(0.06, s.value(URL_SECONDS + "_sum", "url", "http://a.example/x"), 1e-9);
    assertEquals(1, s.value(URL_SECONDS + "_count", "url", "http://b.example/"));
    assertEquals(1, s.value(URL_SECONDS + "_bucket", "url", "http://a.example/x", "le", "0.025"));
  }

  @Test
  void queryStringIsDroppedFromTheLabelByDefault() {
    FetchdMetrics m = Fixtures.onFakeClock(clock);
    ok(m.fetchListener(), "http://a.example/search?q=secret", 1);
    ok(m.fetchListener(), "http://a.example/search?q=other", 1);

    ScrapeText s = scrape(m);
    assertEquals(List.of("http://a.example/search"), s.labelValues(URL_SECONDS + "_count", "url"));
    assertEquals(2, s.value(URL_SECONDS + "_count", "url", "http://a.example/search"));
  }

  @Test
  void queryStringIsKeptWhenConfigured() {
    FetchdMetrics m = Fixtures.onFakeClock(clock, MetricsOptions.DEFAULTS.withKeepQueryString(true));
    ok(m.fetchListener(), "http://a.example/search?q=1", 1);

    assertEquals(List.of("http://a.example/search?q=1"), scrape(m).labelValues(URL_SECONDS + "_count", "url"));
  }

  @Test
  void userinfoAndFragmentNeverReachTheLabel() {
    FetchdMetrics m = Fixtures.onFakeClock(clock, MetricsOptions.DEFAULTS.withKeepQueryString(true));
    ok(m.fetchListener(), "http://user:pass@A.Example:80/p?x=1#frag", 1);

    assertEquals(List.of("http://a.example/p?x=1"), scrape(m).labelValues(URL_SECONDS + "_count", "url"));
  }

  @Test
  void unparsableInputIsKeptUnderOneInvalidSeries() {
    FetchdMetrics m = Fixtures.onFakeClock(clock);
    m.fetchListener().failed(get("not a url"), new io.fetchd.client.InvalidUrlException("bad"), Duration.ZERO, null);
    m.fetchListener().failed(get("ftp://x/"), new io.fetchd.client.UnsupportedSchemeException("ftp"), Duration.ZERO, null);

    assertEquals(2, scrape(m).value(URL_SECONDS + "_count", "url", UrlSeriesGuard.INVALID));
  }

  @Test
  void fiveThousandDistinctUrlsLeaveAtMostTheCapAndCountTheRest() {
    FetchdMetrics m = Fixtures.onFakeClock(clock);
    for (int i = 0; i < 5000; i++) {
      ok(m.fetchListener(), "http://a.example/page/" + i, 1);
    }

    ScrapeText s = scrape(m);
    assertEquals(1000, s.labelValues(URL_SECONDS + "_count", "url").size());
    assertEquals(4000, s.value("fetchd_url_series_dropped_total"));
    assertEquals(1000, s.value("fetchd_url_series_tracked"));
    assertEquals(1, s.labelValues("fetchd_host_fetch_duration_seconds_count", "host").size());
  }

  @Test
  void aTrackedUrlKeepsBeingObservedAtTheCap() {
    FetchdMetrics m = Fixtures.onFakeClock(clock, MetricsOptions.DEFAULTS.withMaxUrlSeries(2));
    ok(m.fetchListener(), "http://a.example/1", 1);
    ok(m.fetchListener(), "http://a.example/2", 1);
    ok(m.fetchListener(), "http://a.example/3", 1);
    ok(m.fetchListener(), "http://a.example/1", 1);

    ScrapeText s = scrape(m);
    assertEquals(2, s.value(URL_SECONDS + "_count", "url", "http://a.example/1"));
    assertEquals(1, s.value("fetchd_url_series_dropped_total"));
  }

  @Test
  void idleSeriesAreRemovedFromTheRegistryBySweeps() {
    FetchdMetrics m = Fixtures.onFakeClock(clock);
    m.start();
    ok(m.fetchListener(), "http://a.example/old", 1);
    clock.advance(Duration.ofMinutes(5));
    ok(m.fetchListener(), "http://a.example/fresh", 1);
    clock.advance(Duration.ofMinutes(6)); // old: 11 min idle; fresh: 6 min

    ScrapeText s = scrape(m);
    assertEquals(List.of("http://a.example/fresh"), s.labelValues(URL_SECONDS + "_count", "url"));
    assertTrue(m.registry().find("fetchd.url.fetch.duration").tag("url", "http://a.example/old").timers().isEmpty());
    assertEquals(1, s.value("fetchd_url_series_tracked"));

    clock.advance(Duration.ofMinutes(5));
    assertTrue(scrape(m).labelValues(URL_SECONDS + "_count", "url").isEmpty());
    m.close();
  }

  @Test
  void anIdleSeriesFreesItsSlotForANewUrlAtTheCap() {
    FetchdMetrics m = Fixtures.onFakeClock(clock, MetricsOptions.DEFAULTS.withMaxUrlSeries(1));
    ok(m.fetchListener(), "http://a.example/1", 1);
    clock.advance(Duration.ofMinutes(10));
    ok(m.fetchListener(), "http://a.example/2", 1);

    ScrapeText s = scrape(m);
    assertEquals(List.of("http://a.example/2"), s.labelValues(URL_SECONDS + "_count", "url"));
    assertEquals(0, s.value("fetchd_url_series_dropped_total"));
  }

  @Test
  void aSeriesSeenAgainIsNotEvicted() {
    FetchdMetrics m = Fixtures.onFakeClock(clock);
    m.start();
    ok(m.fetchListener(), "http://a.example/busy", 1);
    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofMinutes(5));
      ok(m.fetchListener(), "http://a.example/busy", 1);
    }

    assertEquals(5, scrape(m).value(URL_SECONDS + "_count", "url", "http://a.example/busy"));
    m.close();
  }

  @Test
  void hostSeriesAreCappedByTheirOwnGuard() {
    FetchdMetrics m = Fixtures.onFakeClock(clock, MetricsOptions.DEFAULTS.withMaxHostSeries(3));
    for (int i = 0; i < 10; i++) {
      ok(m.fetchListener(), "http://h" + i + ".example:8080/", 1);
    }

    ScrapeText s = scrape(m);
    assertEquals(List.of("h0.example:8080", "h1.example:8080", "h2.example:8080"),
        s.labelValues("fetchd_host_fetch_duration_seconds_count", "host").stream().sorted().toList());
    assertEquals(7, s.value("fetchd_host_series_dropped_total"));
    assertEquals(10, s.labelValues(URL_SECONDS + "_count", "url").size());
  }

  @Test
  void theRememberedKeysStayBoundedWhateverUrlsArrive() {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    UrlSeriesGuard guard = UrlSeriesGuard.forUrls(registry, clock, 10, Duration.ofMinutes(10), false);
    for (int i = 0; i < 3 * UrlSeriesGuard.KEY_MEMO_SIZE; i++) {
      guard.record("http://h.example/p" + i + "?q=" + i, Duration.ofMillis(1));
    }
    assertTrue(guard.memoSize() <= UrlSeriesGuard.KEY_MEMO_SIZE, "memo size " + guard.memoSize());
    guard.record("http://h.example/p0?other", Duration.ofMillis(1));
    assertEquals(2, registry.get("fetchd.url.fetch.duration").tag("url", "http://h.example/p0").timer().count(),
        "a remembered key and a fresh one land in the same series");
  }
}
