package io.fetchd.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.reactor.Reactor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The lag probe sees a loop that something blocked. */
class LoopLagProbeTest {
  @Test
  void aHandlerThatBlocksTheLoopShowsUpAsLag() {
    try (Reactor reactor = new Reactor()) {
      FetchdMetrics metrics = FetchdMetrics.create(reactor, MetricsOptions.DEFAULTS.withJvmMetrics(false));
      metrics.start();
      awaitTicks(reactor, metrics, 2);
      CompletableFuture<Void> blocked = new CompletableFuture<>();
      reactor.callFromThread(() -> {
        long end = System.nanoTime() + Duration.ofMillis(300).toNanos();
        while (System.nanoTime() < end) {
          Thread.onSpinWait(); // a misbehaving handler: busy on the loop, bounded
        }
        blocked.complete(null);
      });
      LoopbackMetrics.await(blocked);
      double before = count(metrics);
      awaitTicks(reactor, metrics, before + 1);

      ScrapeText s = ScrapeText.parse(metrics.scrape().body());
      assertTrue(s.value("fetchd_event_loop_lag_seconds_max", "loop", "0") >= 0.2,
          "lag max " + s.value("fetchd_event_loop_lag_seconds_max", "loop", "0"));
      double total = s.value("fetchd_event_loop_lag_seconds_count", "loop", "0");
      double under100ms = s.value("fetchd_event_loop_lag_seconds_bucket", "loop", "0", "le", "0.1");
      assertTrue(total - under100ms >= 1, "one observation above 100 ms");
      assertTrue(s.value("fetchd_event_loop_pending_tasks", "loop", "0") >= 0);
      metrics.close();
    }
  }

  @Test
  void everyLoopOfTheGroupIsProbed() {
    try (Reactor reactor = new Reactor(3)) {
      FetchdMetrics metrics = FetchdMetrics.create(reactor, MetricsOptions.DEFAULTS.withJvmMetrics(false));
      metrics.start();
      awaitTicks(reactor, metrics, 1);

      ScrapeText s = ScrapeText.parse(metrics.scrape().body());
      assertEquals(java.util.List.of("0", "1", "2"),
          s.labelValues("fetchd_event_loop_lag_seconds_count", "loop").stream().sorted().toList());
      metrics.close();
    }
  }

  private static double count(FetchdMetrics m) {
    return m.registry().find("fetchd.event.loop.lag").tag("loop", "0").timer().count();
  }

  /**
   * Waits until loop 0's probe has run at least {@code n} times in all: checked on the loop every
   * 10 ms of loop time; the test thread waits once, bounded.
   */
  private static void awaitTicks(Reactor reactor, FetchdMetrics m, double n) {
    CompletableFuture<Void> reached = new CompletableFuture<>();
    reactor.callFromThread(() -> check(reactor, m, n, reached));
    try {
      LoopbackMetrics.await(reached);
    } finally {
      reached.cancel(false);
    }
  }

  private static void check(Reactor reactor, FetchdMetrics m, double n, CompletableFuture<Void> reached) {
    if (reached.isDone()) {
      return;
    }
    if (count(m) >= n) {
      reached.complete(null);
    } else {
      reactor.callLater(Duration.ofMillis(10), () -> check(reactor, m, n, reached));
    }
  }
}
