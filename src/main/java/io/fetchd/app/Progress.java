package io.fetchd.app;

import io.fetchd.defer.Scheduler;
import io.fetchd.task.LoopingCall;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * The live progress line of {@code fetch} on standard error ({@code 120/500 done, 3 failed,
 * 41.7/s, ETA 9s}), redrawn in place with {@code \r} by a {@link LoopingCall} at most every
 * {@link #INTERVAL}; cleared when the batch ends. Only used when standard error is a terminal.
 *
 * <p>Thread rule: the scheduler's thread (the reactor's) only.
 */
final class Progress {
  /** Redraw period: 200 ms. */
  static final Duration INTERVAL = Duration.ofMillis(200);

  private final Scheduler clock;
  private final PrintStream err;
  private final int total;
  private final long startNanos;
  private final LoopingCall redraw;
  private int done;
  private int failed;
  private int lastWidth;

  Progress(Scheduler clock, PrintStream err, int total) {
    this.clock = clock;
    this.err = err;
    this.total = total;
    this.startNanos = clock.nanoTime();
    this.redraw = new LoopingCall(clock, this::draw);
  }

  /** Draws now and then every {@link #INTERVAL}. */
  void start() {
    redraw.start(INTERVAL, true);
  }

  /** Counts one URL's outcome; drawn at the next redraw. */
  void record(boolean ok) {
    done++;
    if (!ok) {
      failed++;
    }
  }

  /** Stops redrawing and erases the line. */
  void finish() {
    if (redraw.isRunning()) {
      redraw.stop();
    }
    err.print("\r" + " ".repeat(lastWidth) + "\r");
    err.flush();
  }

  private void draw() {
    String line = render(done, total, failed, clock.nanoTime() - startNanos);
    err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
    err.flush();
    lastWidth = line.length();
  }

  /** The line for {@code done} of {@code total} URLs after {@code elapsedNanos}. Pure. */
  static String render(int done, int total, int failed, long elapsedNanos) {
    double seconds = elapsedNanos / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    String eta = done == 0 || rate == 0 ? "?" : duration(Math.round((total - done) / rate));
    return String.format(Locale.ROOT, "%d/%d done, %d failed, %.1f/s, ETA %s", done, total, failed, rate, eta);
  }

  private static String duration(long s) {
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
    }
    return s / 3600 + "h" + String.format(Locale.ROOT, "%02d", s % 3600 / 60) + "m";
  }
}
