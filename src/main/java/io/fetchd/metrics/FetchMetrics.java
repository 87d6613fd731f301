package io.fetchd.metrics;

import io.fetchd.client.FetchException;
import io.fetchd.client.FetchListener;
import io.fetchd.client.FetchRequest;
import io.fetchd.client.FetchResult;
import io.fetchd.client.Phase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The fetcher's {@link FetchListener}: turns phase events and outcomes into fetchd's fetch meters.
 * Every outcome is observed once in the per-URL and per-host histograms (through their {@link
 * UrlSeriesGuard}s), in the duration-by-outcome histogram and in the fetches counter, so a
 * series' {@code _count} matches the number of per-URL results the API returned.
 *
 * <p>Every bounded tag value is registered at zero when this is made. Meters are looked up once
 * and kept in maps; nothing here locks.
 *
 * <p>Thread rule: the listener methods on the reactor thread (as {@link FetchListener} promises);
 * they never throw. {@code fetchd_fetches_in_flight} reads the fetcher's own count ({@link
 * #bindInFlight}), so nothing wraps the fetch path.
 */
public final class FetchMetrics implements FetchListener {
  private final MeterRegistry registry;
  private final UrlSeriesGuard urls;
  private final UrlSeriesGuard hosts;
  private final Map<String, Counter> fetches = new ConcurrentHashMap<>();
  /** {@code fetches} for the common case, a 2xx success, looked up once. */
  private final Counter success2xx;
  private final Timer successDuration;
  private final Timer failureDuration;
  /** By {@link Phase#ordinal()}: no lookup by name per fetch. */
  private final Timer[] phases = new Timer[Phase.values().length];
  private final Map<String, Counter> retries = new ConcurrentHashMap<>();
  private final Map<String, Counter> blocked = new ConcurrentHashMap<>();
  private final Counter dnsHits;
  private final Counter dnsMisses;
  private final Counter redirects;
  private final DistributionSummary responseSize;
  private volatile IntSupplier inFlight = () -> 0;

  FetchMetrics(MeterRegistry registry, UrlSeriesGuard urls, UrlSeriesGuard hosts) {
    this.registry = registry;
    this.urls = urls;
    this.hosts = hosts;
    Map<String, Timer> durationByOutcome = new HashMap<>();
    for (String o : Labels.OUTCOMES) {
      durationByOutcome.put(o, Meters.timer(registry, FetchdMeter.FETCH_DURATION, Meters.LATENCY_BUCKETS, "outcome", o));
    }
    // The combinations that can happen: a 2xx success; an HttpStatus failure with a non-2xx
    // status; any other failure without a response.
    success2xx = fetchCounter("success", Labels.NONE, "2xx");
    successDuration = durationByOutcome.get("success");
    failureDuration = durationByOutcome.get("failure");
    for (String type : Labels.ERROR_TYPES) {
      if (type.equals("HttpStatus")) {
        for (String c : Labels.STATUS_CLASSES) {
          if (!c.equals("2xx") && !c.equals(Labels.NONE)) {
            fetchCounter("failure", type, c);
          }
        }
      } else if (!type.equals(Labels.NONE)) {
        fetchCounter("failure", type, Labels.NONE);
      }
    }
    for (Phase p : Phase.values()) {
      phases[p.ordinal()] =
          Meters.timer(registry, FetchdMeter.PHASE_DURATION, Meters.LATENCY_BUCKETS, "phase", p.metricName());
    }
    for (String r : Labels.RETRY_REASONS) {
      retryCounter(r);
    }
    for (String r : Labels.BLOCK_REASONS) {
      blockedCounter(r);
    }
    dnsHits = Meters.counter(registry, FetchdMeter.DNS_LOOKUPS, "cache", "hit");
    dnsMisses = Meters.counter(registry, FetchdMeter.DNS_LOOKUPS, "cache", "miss");
    redirects = Meters.counter(registry, FetchdMeter.REDIRECTS);
    responseSize = Meters.summary(registry, FetchdMeter.RESPONSE_SIZE, Meters.SIZE_BUCKETS);
    Gauge.builder(FetchdMeter.FETCHES_IN_FLIGHT.meterName(), this, m -> m.inFlight.getAsInt())
        .description(FetchdMeter.FETCHES_IN_FLIGHT.description())
        .register(registry);
  }

  private Counter fetchCounter(String outcome, String errorType, String statusClass) {
    return fetches.computeIfAbsent(
        outcome + '|' + errorType + '|' + statusClass,
        k -> Meters.counter(registry, FetchdMeter.FETCHES,
            "outcome", outcome, "error_type", errorType, "status_class", statusClass));
  }

  private Counter retryCounter(String reason) {
    return retries.computeIfAbsent(reason, r -> Meters.counter(registry, FetchdMeter.RETRIES, "reason", r));
  }

  private Counter blockedCounter(String reason) {
    return blocked.computeIfAbsent(
        reason, r -> Meters.counter(registry, FetchdMeter.BLOCKED_DESTINATIONS, "reason", r));
  }

  /** A completed phase is observed in its histogram; a failed one is not (as before pairs). */
  @Override
  public void phaseEnded(FetchRequest request, Phase phase, Duration duration) {
    phases[phase.ordinal()].record(duration);
  }

  @Override
  public void succeeded(FetchRequest request, FetchResult result) {
    Duration total = result.timings() == null ? null : result.timings().total();
    outcome(request, true, Labels.NONE, total, result);
  }

  @Override
  public void failed(FetchRequest request, FetchException error, Duration total, FetchResult result) {
    outcome(request, false, error.type(), total, result);
  }

  private void outcome(FetchRequest request, boolean success, String errorType, Duration total, FetchResult result) {
    // A 2xx success, the common case, uses meters looked up once; the rest go through the map.
    Counter counter = success && result != null && result.ok()
        ? success2xx
        : fetchCounter(success ? "success" : "failure", errorType,
            result == null ? Labels.NONE : Labels.statusClass(result.status()));
    counter.increment();
    if (result != null) {
      responseSize.record(result.bytes());
    }
    if (total != null) {
      (success ? successDuration : failureDuration).record(total);
      perUrl(request, total);
    }
  }

  private void perUrl(FetchRequest request, Duration total) {
    urls.record(request.url(), total);
    hosts.record(request.url(), total);
  }

  @Override
  public void redirected(int status) {
    redirects.increment();
  }

  @Override
  public void retrying(String reason, Duration delay) {
    retryCounter(Labels.retryReason(reason)).increment();
  }

  @Override
  public void blocked(String reason) {
    String r = Labels.BLOCK_REASONS.contains(reason) ? reason : Labels.OTHER;
    blockedCounter(r).increment();
  }

  @Override
  public void dnsLookup(boolean hit) {
    (hit ? dnsHits : dnsMisses).increment();
  }

  /**
   * Makes {@code fetchd_fetches_in_flight} read {@code source} ({@code HttpFetcher::inFlight}),
   * which must be safe to call from the scrape thread. Any thread.
   */
  public void bindInFlight(IntSupplier source) {
    inFlight = Objects.requireNonNull(source, "source");
  }

}
