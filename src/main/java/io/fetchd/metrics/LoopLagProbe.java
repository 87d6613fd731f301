package io.fetchd.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Measures how busy each event loop is: a task scheduled every interval on each loop of the group
 * records how late it ran ({@code fetchd_event_loop_lag_seconds}, and the latest value as a
 * gauge). A handler that blocks a loop for 300 ms makes the next probe run about that late. The
 * same task samples the loop's pending tasks ({@code SingleThreadEventExecutor.pendingTasks()})
 * on the loop itself, for {@code fetchd_event_loop_pending_tasks}.
 *
 * <p>Lateness is measured with {@code System.nanoTime()}: it is a measurement of the real loop,
 * not logic that could run on a fake clock.
 *
 * <p>Thread rule: {@link #start} and {@link #stop} from any thread (neither waits); the probe
 * tasks run on their own loops.
 */
final class LoopLagProbe {
  private final List<LoopProbe> probes = new ArrayList<>();
  private final long intervalNanos;
  private volatile boolean running;

  LoopLagProbe(EventExecutorGroup group, MeterRegistry registry, Duration interval) {
    this.intervalNanos = interval.toNanos();
    int i = 0;
    for (EventExecutor e : group) {
      probes.add(new LoopProbe(e, Integer.toString(i++), registry));
    }
  }

  /** Starts the probe tasks; calling it again changes nothing. */
  synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    for (LoopProbe p : probes) {
      p.schedule();
    }
  }

  /** Stops the probe tasks (a tick already running finishes). */
  synchronized void stop() {
    running = false;
    for (LoopProbe p : probes) {
      ScheduledFuture<?> f = p.next;
      if (f != null) {
        f.cancel(false);
      }
    }
  }

  private final class LoopProbe {
    final EventExecutor loop;
    final Timer lag;
    volatile double latestSeconds;
    volatile int pending;
    volatile ScheduledFuture<?> next;
    long due;

    LoopProbe(EventExecutor loop, String name, MeterRegistry registry) {
      this.loop = loop;
      this.lag = Meters.timer(registry, FetchdMeter.EVENT_LOOP_LAG, Meters.LAG_BUCKETS, "loop", name);
      Gauge.builder(FetchdMeter.EVENT_LOOP_LAG_LATEST.meterName(), this, p -> p.latestSeconds)
          .description(FetchdMeter.EVENT_LOOP_LAG_LATEST.description())
          .baseUnit(FetchdMeter.EVENT_LOOP_LAG_LATEST.baseUnit())
          .tag("loop", name)
          .strongReference(true)
          .register(registry);
      Gauge.builder(FetchdMeter.EVENT_LOOP_PENDING_TASKS.meterName(), this, p -> p.pending)
          .description(FetchdMeter.EVENT_LOOP_PENDING_TASKS.description())
          .tag("loop", name)
          .strongReference(true)
          .register(registry);
    }

    void schedule() {
      if (!running) {
        return;
      }
      due = System.nanoTime() + intervalNanos;
      try {
        next = loop.schedule(this::tick, intervalNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // the loop is shutting down: nothing left to measure
      }
    }

    private void tick() {
      long late = Math.max(0, System.nanoTime() - due);
      lag.record(late, TimeUnit.NANOSECONDS);
      latestSeconds = late / 1e9;
      if (loop instanceof SingleThreadEventExecutor s) {
        pending = s.pendingTasks();
      }
      schedule();
    }
  }
}
