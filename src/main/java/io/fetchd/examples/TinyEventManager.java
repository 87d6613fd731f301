package io.fetchd.examples;

import java.time.Duration;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * The "Fate" tutorial's own tiny event manager, before any reactor: a queue of (time, handler)
 * events and a loop that sleeps until the earliest one is due and runs it. Time is in seconds
 * from the start, as in the tutorial. How it sleeps is a parameter, so a test passes a fake
 * clock's {@code advance} and the program runs in no real time.
 *
 * <p>Thread rule: single-threaded, no locks; the thread that calls {@link #run} owns it.
 */
public final class TinyEventManager {
  /** How the loop waits for the next event. */
  @FunctionalInterface
  public interface Sleeper {
    /**
     * Waits {@code duration}.
     *
     * @param duration zero or positive
     * @throws InterruptedException if the wait was interrupted
     */
    void sleep(Duration duration) throws InterruptedException;
  }

  private record Event(double time, long seq, Runnable handler) {}

  private final PriorityQueue<Event> events =
      new PriorityQueue<>(
          (a, b) -> a.time != b.time ? Double.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
  private double now;
  private long nextSeq;

  /** An event manager at time 0 with no events. */
  public TinyEventManager() {}

  /**
   * The time of the event being run, in seconds from the start.
   *
   * @return the current time in seconds
   */
  public double now() {
    return now;
  }

  /**
   * Runs {@code handler} {@code seconds} from now.
   *
   * @param seconds zero or positive
   * @param handler what to run
   * @throws IllegalArgumentException if {@code seconds} is negative or not a number
   */
  public void callLater(double seconds, Runnable handler) {
    Objects.requireNonNull(handler, "handler");
    if (!(seconds >= 0)) {
      throw new IllegalArgumentException("seconds must be >= 0, was " + seconds);
    }
    events.add(new Event(now + seconds, nextSeq++, handler));
  }

  /**
   * Runs events, earliest first, sleeping until each is due, until none is left (events that
   * handlers add included).
   *
   * @param sleeper how to wait
   * @throws InterruptedException if a sleep was interrupted
   */
  public void run(Sleeper sleeper) throws InterruptedException {
    Event e;
    while ((e = events.poll()) != null) {
      double wait = e.time - now;
      if (wait > 0) {
        sleeper.sleep(Duration.ofNanos(Math.round(wait * 1e9)));
      }
      now = e.time;
      e.handler.run();
    }
  }
}
