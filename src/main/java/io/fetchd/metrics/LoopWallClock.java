package io.fetchd.metrics;

import io.fetchd.defer.Scheduler;
import io.fetchd.reactor.Reactor;
import io.fetchd.task.LoopingCall;
import io.micrometer.core.instrument.Clock;
import java.time.Duration;

/**
 * The registry's clock. Micrometer reads the wall clock twice per timer or summary record (to
 * rotate the decaying {@code _max} and the histogram's window), so a fetch that records seven
 * meters read it fourteen times: about a third of a microsecond per URL, half of what the metrics
 * cost the loop. On the reactor thread this clock answers with a wall time it re-reads every
 * {@link #REFRESH} on the loop; every other thread (the scrape) reads the real clock. Nothing here
 * measures a duration with wall time: fetchd records durations it measured itself, and the wall
 * time only decides when a two-minute {@code _max} window rotates, which {@link #REFRESH} of
 * staleness does not change.
 *
 * <p>Thread rule: {@link #wallTime} and {@link #monotonicTime} from any thread; {@link #start} and
 * {@link #stop} on the reactor thread.
 */
final class LoopWallClock implements Clock {
  /** How often the loop re-reads the wall clock: 100 ms. */
  static final Duration REFRESH = Duration.ofMillis(100);

  private final Reactor reactor;
  private final LoopingCall refresher;
  /** Written and read on the reactor thread only. */
  private long cachedWallMillis;
  /** True while the loop keeps {@link #cachedWallMillis} fresh; reactor thread only. */
  private boolean refreshing;

  /**
   * @param reactor the loop whose thread gets the cached wall time, or null (every thread then
   *     reads the real clock)
   * @param clock the scheduler of the refresh (the reactor, or a fake clock in tests)
   */
  LoopWallClock(Reactor reactor, Scheduler clock) {
    this.reactor = reactor;
    this.refresher = new LoopingCall(clock, this::refresh);
  }

  @Override
  public long wallTime() {
    if (reactor != null && reactor.inEventLoop() && refreshing) {
      return cachedWallMillis;
    }
    return System.currentTimeMillis();
  }

  @Override
  public long monotonicTime() {
    return System.nanoTime();
  }

  private void refresh() {
    cachedWallMillis = System.currentTimeMillis();
  }

  /** Starts re-reading the wall clock every {@link #REFRESH}. Reactor thread. */
  void start() {
    if (!refresher.isRunning()) {
      refresh();
      refreshing = true;
      refresher.start(REFRESH, false);
    }
  }

  /** Stops the refresh; the loop reads the real clock again. Reactor thread. */
  void stop() {
    refreshing = false;
    if (refresher.isRunning()) {
      refresher.stop();
    }
  }
}
