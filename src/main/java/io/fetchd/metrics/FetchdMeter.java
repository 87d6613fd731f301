package io.fetchd.metrics;

import java.util.List;

/**
 * Every meter fetchd publishes: the one list, and its documentation. Names are Micrometer's dotted
 * names with the base unit left to the registry; {@link #prometheusName()} gives the family name
 * Prometheus shows ({@code _seconds} for timers, the base unit for summaries and gauges, {@code
 * _total} for counters). Every tag has a bounded value set; the closed sets are in {@link Labels}
 * and are registered at zero when the meters are made, except {@code url} and {@code host}, which
 * a {@link UrlSeriesGuard} caps and evicts.
 *
 * <p>Thread-safe (an enum).
 */
public enum FetchdMeter {
  // ------------------------------------------------------------------ per URL and per host
  /** How long each URL's fetch took, success or failure, per normalised URL (capped, evicted). */
  URL_FETCH_DURATION("fetchd.url.fetch.duration", Kind.TIMER, null,
      "Duration of each URL fetch (one observation per URL outcome), by normalised URL", "url"),
  /** URL outcomes not given a per-URL series because the cap was reached. */
  URL_SERIES_DROPPED("fetchd.url.series.dropped", Kind.COUNTER, null,
      "URL outcomes not recorded per URL because the url series cap was reached"),
  /** Per-URL series currently kept. */
  URL_SERIES_TRACKED("fetchd.url.series.tracked", Kind.GAUGE, null,
      "Per-URL latency series currently kept"),
  /** Fetch duration per destination host[:port] (capped, evicted like URLs). */
  HOST_FETCH_DURATION("fetchd.host.fetch.duration", Kind.TIMER, null,
      "Duration of each URL fetch by destination host (capped, idle series evicted)", "host"),
  /** Outcomes not given a per-host series because the cap was reached. */
  HOST_SERIES_DROPPED("fetchd.host.series.dropped", Kind.COUNTER, null,
      "URL outcomes not recorded per host because the host series cap was reached"),
  /** Per-host series currently kept. */
  HOST_SERIES_TRACKED("fetchd.host.series.tracked", Kind.GAUGE, null,
      "Per-host latency series currently kept"),

  // ------------------------------------------------------------------ fetch aggregates
  /** Fetch duration by outcome (success = final 2xx). */
  FETCH_DURATION("fetchd.fetch.duration", Kind.TIMER, null,
      "Duration of fetches, redirects and retries included, by outcome", "outcome"),
  /** Fetches ended, by outcome, error type (FetchException type or none) and final status class. */
  FETCHES("fetchd.fetches", Kind.COUNTER, null,
      "Fetches ended, by outcome, error type and final status class",
      "outcome", "error_type", "status_class"),
  /** Phase durations; a phase that did not happen is not observed. */
  PHASE_DURATION("fetchd.fetch.phase.duration", Kind.TIMER, null,
      "Duration of fetch phases that happened (queue, dns, connect, tls, ttfb, transfer)", "phase"),
  /** Body bytes of final responses (decompressed). */
  RESPONSE_SIZE("fetchd.response.size", Kind.SUMMARY, "bytes",
      "Body bytes received per final response, after decompression"),
  /** Redirects followed. */
  REDIRECTS("fetchd.redirects", Kind.COUNTER, null, "Redirects followed"),
  /** Retries scheduled, by reason. */
  RETRIES("fetchd.retries", Kind.COUNTER, null, "Retries scheduled, by reason", "reason"),
  /** Destinations the address policy refused, by reason. */
  BLOCKED_DESTINATIONS("fetchd.blocked.destinations", Kind.COUNTER, null,
      "Destinations refused by the address policy, by reason", "reason"),
  /** Name lookups answered from the DNS cache (hit) or sent to DNS (miss). */
  DNS_LOOKUPS("fetchd.dns.lookups", Kind.COUNTER, null,
      "Name lookups, by DNS cache result (hit or miss)", "cache"),

  // ------------------------------------------------------------------ service
  /** Fetches started through the batch engine and not yet ended. */
  FETCHES_IN_FLIGHT("fetchd.fetches.in.flight", Kind.GAUGE, null, "Fetches in flight"),
  /** The fetcher's limit on fetches in flight (fetcher.maxInFlight), for saturation ratios. */
  FETCHES_IN_FLIGHT_LIMIT("fetchd.fetches.in.flight.limit", Kind.GAUGE, null,
      "The limit on fetches in flight (fetcher.maxInFlight)"),
  /** URLs of running batches without an outcome (BatchEngine.queuedUrls). */
  URLS_QUEUED("fetchd.urls.queued", Kind.GAUGE, null,
      "URLs of running batches without an outcome yet"),
  /** The engine's limit on queued URLs (batches.maxQueuedUrls), for saturation ratios. */
  URLS_QUEUED_LIMIT("fetchd.urls.queued.limit", Kind.GAUGE, null,
      "The limit on URLs queued across batches (batches.maxQueuedUrls)"),
  /** Open pooled connections, in use or idle (sampled on the reactor loop). */
  CONNECTIONS_OPEN("fetchd.connections.open", Kind.GAUGE, null,
      "Open client connections, in use or idle (sampled on the loop)"),
  /** Idle pooled connections (sampled on the reactor loop). */
  CONNECTIONS_IDLE("fetchd.connections.idle", Kind.GAUGE, null,
      "Idle pooled client connections (sampled on the loop)"),
  BATCHES_STARTED("fetchd.batches.started", Kind.COUNTER, null, "Batches started"),
  /** Batches finished, cancelled ones included. */
  BATCHES_FINISHED("fetchd.batches.finished", Kind.COUNTER, null,
      "Batches finished, cancelled ones included"),
  BATCHES_CANCELLED("fetchd.batches.cancelled", Kind.COUNTER, null, "Batches that ended cancelled"),
  /** URLs per batch. */
  BATCH_SIZE("fetchd.batch.size", Kind.SUMMARY, "urls", "URLs per batch started"),
  /** Batch wall time from start to the last outcome. */
  BATCH_DURATION("fetchd.batch.duration", Kind.TIMER, null,
      "Duration of batches from start to the last outcome"),
  /** REST requests by route template, method and status; {@code _count} is the request counter. */
  HTTP_SERVER_REQUESTS("fetchd.http.server.requests", Kind.TIMER, null,
      "REST requests served, by route template, method and status",
      "route", "method", "status"),
  /** REST requests refused before any work: overload, auth or bad_input. */
  HTTP_SERVER_REJECTED("fetchd.http.server.rejected", Kind.COUNTER, null,
      "REST requests refused, by reason (overload, auth, bad_input)", "reason"),
  /** The memory budget's limit (memory.budgetBytes or its automatic value). */
  MEMORY_BUDGET_LIMIT("fetchd.memory.budget.limit", Kind.GAUGE, "bytes",
      "The memory budget: the most the service holds for clients, all kinds together"),
  /** What the memory budget holds now, by kind. */
  MEMORY_BUDGET_USED("fetchd.memory.budget.used", Kind.GAUGE, "bytes",
      "Bytes the memory budget holds now, by kind (request_bodies, job_outcomes, kept_bodies, queued_responses)",
      "kind"),
  /** Reservations the memory budget refused, by kind. */
  MEMORY_BUDGET_REFUSALS("fetchd.memory.budget.refusals", Kind.COUNTER, null,
      "Reservations the memory budget refused (the work was refused or failed instead), by kind", "kind"),
  /** Constant 1, labelled with the build. */
  BUILD_INFO("fetchd.build.info", Kind.GAUGE, null,
      "fetchd build: version and revision (value is always 1)", "version", "revision"),

  // ------------------------------------------------------------------ reactor health
  /** How late a task scheduled every 100 ms ran on each loop: time the loop was busy. */
  EVENT_LOOP_LAG("fetchd.event.loop.lag", Kind.TIMER, null,
      "How late a periodic probe task ran on each event loop", "loop"),
  /** The latest such lag. */
  EVENT_LOOP_LAG_LATEST("fetchd.event.loop.lag.latest", Kind.GAUGE, "seconds",
      "Latest event loop lag seen by the probe task", "loop"),
  /** Tasks waiting in each loop's queue (sampled by the probe task on the loop). */
  EVENT_LOOP_PENDING_TASKS("fetchd.event.loop.pending.tasks", Kind.GAUGE, null,
      "Tasks waiting in each event loop's queue", "loop");

  /** How the meter is exported. */
  public enum Kind {
    COUNTER,
    GAUGE,
    /** A Micrometer Timer: a histogram in seconds. */
    TIMER,
    /** A Micrometer DistributionSummary: a histogram in {@link #baseUnit()}. */
    SUMMARY
  }

  private final String meterName;
  private final Kind kind;
  private final String baseUnit;
  private final String description;
  private final List<String> tagKeys;

  FetchdMeter(String meterName, Kind kind, String baseUnit, String description, String... tagKeys) {
    this.meterName = meterName;
    this.kind = kind;
    this.baseUnit = baseUnit;
    this.description = description;
    this.tagKeys = List.of(tagKeys);
  }

  /** The Micrometer name, e.g. {@code fetchd.url.fetch.duration}. */
  public String meterName() {
    return meterName;
  }

  public Kind kind() {
    return kind;
  }

  /** The base unit for summaries and gauges ({@code bytes}, {@code seconds}), or null. */
  public String baseUnit() {
    return baseUnit;
  }

  /** The HELP text. */
  public String description() {
    return description;
  }

  /** The tag keys, in order. */
  public List<String> tagKeys() {
    return tagKeys;
  }

  /**
   * The metric family name in the Prometheus exposition: {@code fetchd_url_fetch_duration_seconds}
   * (then {@code _bucket}, {@code _count}, {@code _sum}, {@code _max}), {@code fetchd_fetches_total}.
   */
  public String prometheusName() {
    String base = meterName.replace('.', '_');
    return switch (kind) {
      case COUNTER -> base + "_total";
      case TIMER -> base + "_seconds";
      case SUMMARY, GAUGE -> baseUnit == null ? base : base + "_" + baseUnit;
    };
  }
}
