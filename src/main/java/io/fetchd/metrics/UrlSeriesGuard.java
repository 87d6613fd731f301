package io.fetchd.metrics;

import io.fetchd.client.url.FetchUrl;
import io.fetchd.client.url.UrlException;
import io.fetchd.defer.Scheduler;
import io.fetchd.task.LoopingCall;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Keeps a latency histogram per URL (or per host) without letting the label's cardinality grow
 * with the traffic. Micrometer's own cardinality filters never evict; this guard does:
 *
 * <ul>
 *   <li>the key is normalised first ({@link #urlKey}: no userinfo, no fragment, no query string
 *       unless asked; {@link #hostKey}: host[:port]); input that does not parse is kept under
 *       {@value #INVALID};
 *   <li>at most {@code maxSeries} keys have a series; an observation for a new key beyond the cap
 *       is not recorded per key and is counted in the dropped counter instead;
 *   <li>a series not observed for {@code idleTimeout} is removed from the registry ({@code
 *       registry.remove(meter)}), at the latest one sweep interval later, and its slot is free.
 * </ul>
 *
 * <p>Time comes from the injected {@link Scheduler}; tests use {@code FakeClock}.
 *
 * <p>Thread rule: {@link #record}, {@link #sweep}, {@link #start} and {@link #stop} on the
 * scheduler's thread only (the reactor thread); no locks. {@link #size} from any thread.
 */
public final class UrlSeriesGuard {
  /** The key of input that does not parse as an http(s) URL. */
  public static final String INVALID = "invalid";

  private final MeterRegistry registry;
  private final Scheduler clock;
  private final FetchdMeter meter;
  private final String tagKey;
  private final int maxSeries;
  private final long idleNanos;
  private final Function<String, String> normaliser;
  private final Counter dropped;
  /** Access order: the head is the series observed longest ago. */
  private final LinkedHashMap<String, Series> series = new LinkedHashMap<>(64, 0.75f, true);
  private final LoopingCall sweeper;
  private volatile int size;

  private static final class Series {
    final Timer timer;
    long lastSeen;

    Series(Timer timer, long lastSeen) {
      this.timer = timer;
      this.lastSeen = lastSeen;
    }
  }

  /** Most raw URLs whose key is remembered; see {@link #keyOf}. */
  static final int KEY_MEMO_SIZE = 4096;

  private final java.util.HashMap<String, String> keyMemo = new java.util.HashMap<>();

  private UrlSeriesGuard(
      MeterRegistry registry,
      Scheduler clock,
      FetchdMeter meter,
      FetchdMeter droppedMeter,
      FetchdMeter trackedMeter,
      int maxSeries,
      Duration idleTimeout,
      Function<String, String> normaliser) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.meter = meter;
    this.tagKey = meter.tagKeys().get(0);
    if (maxSeries < 0) {
      throw new IllegalArgumentException("maxSeries must be >= 0, got " + maxSeries);
    }
    this.maxSeries = maxSeries;
    this.idleNanos = idleTimeout.toNanos();
    if (idleNanos <= 0) {
      throw new IllegalArgumentException("idleTimeout must be positive, got " + idleTimeout);
    }
    this.normaliser = normaliser;
    this.dropped = Meters.counter(registry, droppedMeter);
    Gauge.builder(trackedMeter.meterName(), this, UrlSeriesGuard::size)
        .description(trackedMeter.description())
        .register(registry);
    this.sweeper = new LoopingCall(clock, this::sweep);
  }

  /** A guard over {@link FetchdMeter#URL_FETCH_DURATION}, keyed by {@link #urlKey}. */
  public static UrlSeriesGuard forUrls(
      MeterRegistry registry, Scheduler clock, int maxSeries, Duration idleTimeout, boolean keepQuery) {
    return new UrlSeriesGuard(
        registry, clock, FetchdMeter.URL_FETCH_DURATION, FetchdMeter.URL_SERIES_DROPPED,
        FetchdMeter.URL_SERIES_TRACKED, maxSeries, idleTimeout, u -> urlKey(u, keepQuery));
  }

  /** A guard over {@link FetchdMeter#HOST_FETCH_DURATION}, keyed by {@link #hostKey}. */
  public static UrlSeriesGuard forHosts(
      MeterRegistry registry, Scheduler clock, int maxSeries, Duration idleTimeout) {
    return new UrlSeriesGuard(
        registry, clock, FetchdMeter.HOST_FETCH_DURATION, FetchdMeter.HOST_SERIES_DROPPED,
        FetchdMeter.HOST_SERIES_TRACKED, maxSeries, idleTimeout, UrlSeriesGuard::hostKey);
  }

  /**
   * The label of {@code url}: {@code scheme://host[:port]/path}, normalised as the fetcher
   * normalises (lower-case host, default port dropped, dot segments removed), without userinfo or
   * fragment, and without the query string unless {@code keepQuery}; {@value #INVALID} when it does
   * not parse. Any thread.
   */
  public static String urlKey(String url, boolean keepQuery) {
    try {
      FetchUrl u = FetchUrl.parse(url);
      return keepQuery ? u.toString() : u.redacted();
    } catch (UrlException | RuntimeException e) {
      return INVALID;
    }
  }

  /** The label of {@code url}'s destination: {@code host[:port]} as in a Host header. Any thread. */
  public static String hostKey(String url) {
    try {
      return FetchUrl.parse(url).hostHeader();
    } catch (UrlException | RuntimeException e) {
      return INVALID;
    }
  }

  /**
   * Records {@code duration} under {@code rawUrl}'s key: in its series, in a new series when under
   * the cap (after evicting idle ones), else in the dropped counter. Scheduler thread only.
   */
  public void record(String rawUrl, Duration duration) {
    String key = keyOf(rawUrl);
    long now = clock.nanoTime();
    Series s = series.get(key);
    if (s == null) {
      if (series.size() >= maxSeries) {
        evictIdle(now);
      }
      if (series.size() >= maxSeries) {
        dropped.increment();
        return;
      }
      s = new Series(Meters.timer(registry, meter, Meters.LATENCY_BUCKETS, tagKey, key), now);
      series.put(key, s);
      size = series.size();
    }
    s.lastSeen = now;
    s.timer.record(duration);
  }

  /**
   * The normalised key of {@code rawUrl}, remembered: the URLs worth a series are the ones fetched
   * again and again, and parsing each outcome's URL anew cost more than the rest of the metrics.
   * The memo is cleared when it reaches {@link #KEY_MEMO_SIZE} entries, so it stays bounded
   * whatever users send.
   */
  private String keyOf(String rawUrl) {
    String key = keyMemo.get(rawUrl);
    if (key == null) {
      if (keyMemo.size() >= KEY_MEMO_SIZE) {
        keyMemo.clear();
      }
      key = normaliser.apply(rawUrl);
      keyMemo.put(rawUrl, key);
    }
    return key;
  }

  /** Raw URLs whose key is remembered right now (tests). */
  int memoSize() {
    return keyMemo.size();
  }

  /** Removes every series idle for the idle timeout or longer. Scheduler thread only. */
  public void sweep() {
    evictIdle(clock.nanoTime());
  }

  private void evictIdle(long now) {
    Iterator<Map.Entry<String, Series>> it = series.entrySet().iterator();
    while (it.hasNext()) {
      Series s = it.next().getValue();
      if (now - s.lastSeen < idleNanos) {
        break; // access order: every later series was seen more recently
      }
      it.remove();
      registry.remove(s.timer);
    }
    size = series.size();
  }

  /**
   * Starts sweeping every tenth of the idle timeout (between 1 s and 1 minute), so idle series
   * leave the scrape even when no new key arrives. Scheduler thread only.
   */
  public void start() {
    if (!sweeper.isRunning()) {
      long tenth = idleNanos / 10;
      long every = Math.max(Duration.ofSeconds(1).toNanos(), Math.min(Duration.ofMinutes(1).toNanos(), tenth));
      sweeper.start(Duration.ofNanos(Math.min(every, idleNanos)), false);
    }
  }

  /** Stops sweeping. Scheduler thread only. */
  public void stop() {
    if (sweeper.isRunning()) {
      sweeper.stop();
    }
  }

  /** Series currently kept. Any thread. */
  public int size() {
    return size;
  }

  /** The most series kept at once. */
  public int maxSeries() {
    return maxSeries;
  }
}
