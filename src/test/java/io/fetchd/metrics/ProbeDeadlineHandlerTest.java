package io.fetchd.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.client.FetchCancelledException;
import io.fetchd.client.FetchRequest;
import io.fetchd.client.FetchResult;
import io.fetchd.defer.Deferred;
import io.fetchd.reactor.FakeClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A probe answers before Prometheus's scrape timeout, whatever the target does. */
class ProbeDeadlineHandlerTest {
  /** A fetch that never answers by itself; cancelling it fails it, as the real fetcher does. */
  private static final class SilentFetch implements io.fetchd.batch.Fetch {
    final List<FetchRequest> requests = new ArrayList<>();
    final List<Deferred<FetchResult>> pending = new ArrayList<>();

    @Override
    public Deferred<FetchResult> fetch(FetchRequest request) {
      requests.add(request);
      Deferred<FetchResult>[] self = new Deferred[1];
      self[0] = new Deferred<>(d -> self[0].errback(new FetchCancelledException("fetch cancelled")));
      pending.add(self[0]);
      return self[0];
    }
  }

  static <T> T resultOf(Deferred<T> d) {
    List<T> out = new ArrayList<>();
    d.addBoth((T v, io.fetchd.defer.Failure f) -> {
      if (f != null) {
        throw new AssertionError("failed: " + f.value());
      }
      out.add(v);
      return v;
    });
    assertEquals(1, out.size(), "fired");
    return out.get(0);
  }

  @Test
  void aSilentTargetIsReportedAsFailedAtTheScrapeTimeoutLessTheOffset() {
    FakeClock clock = new FakeClock();
    SilentFetch fetch = new SilentFetch();
    ProbeHandler probe = new ProbeHandler(clock, fetch, io.fetchd.client.RequestOptions.DEFAULTS);

    Deferred<HttpReply> reply = probe.probe("http://127.0.0.1:1/", "1");
    clock.advance(Duration.ofMillis(499));
    assertFalse(reply.isCalled(), "still waiting before the deadline");
    clock.advance(Duration.ofMillis(1));

    assertTrue(reply.isCalled(), "answered at the deadline");
    HttpReply r = resultOf(reply);
    ScrapeText s = ScrapeText.parse(r.body());
    assertEquals(0, s.value("probe_success"));
    assertEquals(0.5, s.value("probe_duration_seconds"), 1e-9);
    assertEquals(1, s.value("probe_failure_info", "type", "DeadlineExceeded"));
    assertEquals(0, s.value("probe_http_status_code"));
    assertTrue(fetch.pending.get(0).isCalled(), "the fetch was cancelled");
  }

  @Test
  void theFetchItselfIsBoundedByTheProbeDeadline() {
    FakeClock clock = new FakeClock();
    SilentFetch fetch = new SilentFetch();
    ProbeHandler probe = new ProbeHandler(clock, fetch, io.fetchd.client.RequestOptions.DEFAULTS);

    probe.probe("http://127.0.0.1:1/", "3");

    var t = fetch.requests.get(0).options().timeouts();
    assertEquals(Duration.ofMillis(2500), t.deadline());
    assertEquals(Duration.ofMillis(2500), t.firstByte(), "15 s default cut to the deadline");
    assertEquals(Duration.ofMillis(2500), t.connect(), "5 s default cut to the deadline");
  }

  @Test
  void aBadTimeoutHeaderIsABadRequest() {
    ProbeHandler probe = new ProbeHandler(new FakeClock(), new SilentFetch(), io.fetchd.client.RequestOptions.DEFAULTS);

    HttpReply r = resultOf(probe.probe("http://127.0.0.1:1/", "soon"));

    assertEquals(400, r.status());
    assertTrue(r.body().contains("Failed to parse timeout from Prometheus header"), r.body());
  }

  @Test
  void aLoopbackServerThatNeverAnswersGetsAnAnswerBeforeTheScrapeTimeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        LoopbackMetrics h = new LoopbackMetrics()) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          accepted.add(silent.accept()); // held open, never answered
        } catch (IOException e) {
          // closed by the test
        }
      });
      acceptor.start();
      long start = System.nanoTime();

      HttpReply r = LoopbackMetrics.await(h.metrics.probeFromAnyThread(
          new ProbeHandler(h.reactor, h.fetcher::fetch, io.fetchd.client.RequestOptions.DEFAULTS),
          "http://127.0.0.1:" + silent.getLocalPort() + "/", "1"));
      double took = (System.nanoTime() - start) / 1e9;

      ScrapeText s = ScrapeText.parse(r.body());
      assertEquals(0, s.value("probe_success"));
      assertEquals(1, s.value("probe_failure_info", "type", "DeadlineExceeded"));
      assertTrue(took < 0.95, "answered before the 1 s scrape timeout, took " + took);
      assertTrue(s.value("probe_duration_seconds") >= 0.45, "ran until the deadline");
      silent.close();
      for (Socket a : accepted) {
        a.close();
      }
    }
  }
}
