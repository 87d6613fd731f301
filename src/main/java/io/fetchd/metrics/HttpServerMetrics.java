package io.fetchd.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the REST front end reports: each request served ({@link #record}) and each request refused
 * before any work ({@link #rejected}). The api package cannot see this class (dependencies point
 * the other way); the app hands {@code metrics.http()::record} to the server's hook.
 *
 * <p>Tag values stay bounded: the route must be a template ({@code /v1/batches/{id}}, never a raw
 * path) and at most {@value #MAX_ROUTES} distinct routes get series (later ones are {@code
 * other}); the method is one of the standard ones or {@code OTHER}; the status a number from 100
 * to 599 or {@code other}.
 *
 * <p>Thread rule: any thread; no locks beyond the concurrent map's.
 */
public final class HttpServerMetrics {
  static final int MAX_ROUTES = 64;
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final Set<String> routes = ConcurrentHashMap.newKeySet();
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

  HttpServerMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (String r : Labels.REJECT_REASONS) {
      rejectedCounter(r);
    }
  }

  /**
   * A request was answered.
   *
   * @param routeTemplate the matched route's template, e.g. {@code /v1/fetch}; {@code unmatched}
   *     (or null) for a path no route matched
   * @param method the request method
   * @param status the response status
   * @param latency from the request's first byte to the response written
   */
  public void record(String routeTemplate, String method, int status, Duration latency) {
    String route = route(routeTemplate);
    String m = method == null ? "OTHER" : method.toUpperCase(Locale.ROOT);
    if (!METHODS.contains(m)) {
      m = "OTHER";
    }
    String s = status >= 100 && status < 600 ? Integer.toString(status) : Labels.OTHER;
    String key = route + ' ' + m + ' ' + s;
    Timer t = timers.get(key);
    if (t == null) {
      String mm = m;
      t = timers.computeIfAbsent(key, k -> Meters.timer(registry, FetchdMeter.HTTP_SERVER_REQUESTS,
          Meters.LATENCY_BUCKETS, "route", route, "method", mm, "status", s));
    }
    if (latency != null && !latency.isNegative()) {
      t.record(latency);
    }
  }

  private String route(String template) {
    if (template == null || template.isEmpty()) {
      return "unmatched";
    }
    if (template.length() > 80) {
      return Labels.OTHER;
    }
    if (routes.contains(template)) {
      return template;
    }
    if (routes.size() >= MAX_ROUTES) {
      return Labels.OTHER;
    }
    routes.add(template);
    return template;
  }

  /**
   * A request was refused: {@code overload} (engine busy or draining), {@code auth} (token missing
   * or wrong) or {@code bad_input} (malformed request); any other reason counts as {@code other}.
   */
  public void rejected(String reason) {
    String r = Labels.REJECT_REASONS.contains(reason) ? reason : Labels.OTHER;
    rejectedCounter(r).increment();
  }

  private Counter rejectedCounter(String reason) {
    return rejected.computeIfAbsent(
        reason, r -> Meters.counter(registry, FetchdMeter.HTTP_SERVER_REJECTED, "reason", r));
  }
}
