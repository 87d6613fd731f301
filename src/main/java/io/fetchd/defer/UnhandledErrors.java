package io.fetchd.defer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public hook for unhandled Failures: where "Unhandled error in Deferred" goes, and how a test
 * asserts that none were left behind without waiting for the garbage collector.
 *
 * <p>A Deferred whose chain ends in a {@link Failure} holds an <em>unhandled</em> Failure until an
 * errback handles it or passes it on (ask with {@link Deferred#hasUnhandledFailure()}). If the
 * Deferred is garbage-collected still holding one, the installed {@link Reporter} is called once
 * with it (Twisted logs it from {@code DebugInfo.__del__}). The default reporter logs it at ERROR
 * to the {@code System.Logger} named {@code io.fetchd.defer.Deferred}; {@link #setReporter}
 * replaces it, for instance to count such errors in a metric.
 *
 * <p>For tests, {@link #track()} starts a {@link Tracker} (in the spirit of trial's
 * {@code flushLoggedErrors}): while it is open, every Deferred whose chain stops on a Failure is
 * remembered, so {@link Tracker#unhandled()} lists the Failures that are unhandled <em>now</em>,
 * {@link Tracker#flush} handles the expected ones so they are never reported, and
 * {@link Tracker#assertNone()} fails when any are left. No collection is needed: the tracker looks
 * at the live Deferreds' chains, and also keeps any Failure the collector reported meanwhile.
 *
 * <p>Thread rule: any thread. The reporter is called on the JDK {@link java.lang.ref.Cleaner}'s
 * thread and must be thread-safe, quick and must not throw. A tracker is process-wide (one at a
 * time); open it in a test's set-up and close it in its tear-down.
 */
public final class UnhandledErrors {
  private static final System.Logger LOG = System.getLogger(Deferred.class.getName());

  /** Logs at ERROR to the {@code io.fetchd.defer.Deferred} logger. */
  public static final Reporter LOGGING =
      failure ->
          LOG.log(
              System.Logger.Level.ERROR,
              "Unhandled error in Deferred: " + failure.value(),
              failure.value());

  private static volatile Reporter reporter = LOGGING;
  private static volatile Tracker tracker;

  private UnhandledErrors() {}

  /** Receives a Failure that was still unhandled when its Deferred was garbage-collected. */
  @FunctionalInterface
  public interface Reporter {
    /**
     * Called once per unhandled Failure, on the Cleaner's thread.
     *
     * @param failure the Failure at the end of the collected Deferred's chain
     */
    void unhandled(Failure failure);
  }

  /**
   * Installs {@code newReporter} in place of the current one (null restores {@link #LOGGING}).
   *
   * @param newReporter the reporter to call from now on, or null for the default
   * @return the reporter it replaces, to restore later
   */
  public static Reporter setReporter(Reporter newReporter) {
    Reporter old = reporter;
    reporter = newReporter == null ? LOGGING : newReporter;
    return old;
  }

  /**
   * The reporter now installed.
   *
   * @return the current reporter, {@link #LOGGING} unless replaced
   */
  public static Reporter reporter() {
    return reporter;
  }

  /**
   * Starts tracking unhandled Failures for a test.
   *
   * @return the new tracker; close it when the test ends
   * @throws IllegalStateException if another tracker is open
   */
  public static synchronized Tracker track() {
    if (tracker != null) {
      throw new IllegalStateException("an UnhandledErrors.Tracker is already open; close it first");
    }
    Tracker t = new Tracker();
    tracker = t;
    return t;
  }

  /** Called by a Deferred's reporter holder when its chain stops on a Failure. */
  static void noteUnhandled(UnhandledFailureReporter holder) {
    Tracker t = tracker;
    if (t != null) {
      t.live.add(holder);
    }
  }

  /** Called on the Cleaner's thread with a Failure that reached collection unhandled. */
  static void reportCollected(Failure failure) {
    Tracker t = tracker;
    if (t != null) {
      t.collected.add(failure);
    }
    try {
      reporter.unhandled(failure);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "UnhandledErrors reporter threw", e);
    }
  }

  /**
   * The unhandled Failures seen while it is open (see the class comment). Any thread, but meant
   * for the test's thread, looking at Deferreds that thread owns.
   */
  public static final class Tracker implements AutoCloseable {
    private final Set<UnhandledFailureReporter> live = ConcurrentHashMap.newKeySet();
    private final List<Failure> collected = Collections.synchronizedList(new ArrayList<>());

    private Tracker() {}

    /**
     * The Failures unhandled right now: those at the end of a live Deferred's chain, then those
     * reported by the collector since the tracker opened (and not flushed).
     *
     * @return a snapshot, in no particular order within each group
     */
    public List<Failure> unhandled() {
      List<Failure> out = new ArrayList<>();
      for (UnhandledFailureReporter holder : live) {
        Failure f = holder.failure;
        if (f == null) {
          live.remove(holder);
        } else {
          out.add(f);
        }
      }
      synchronized (collected) {
        out.addAll(collected);
      }
      return out;
    }

    /**
     * Handles the unhandled Failures whose exception is one of {@code types} (all of them when
     * none is given), as trial's {@code flushLoggedErrors}: they are never reported, and the
     * Deferreds holding them no longer count as holding an unhandled Failure (their chains still
     * end in the Failure, so a callback added later sees it).
     *
     * @param types the exception classes to flush (subclasses match); none means every class
     * @return the Failures flushed
     */
    @SafeVarargs
    public final List<Failure> flush(Class<? extends Throwable>... types) {
      List<Failure> out = new ArrayList<>();
      for (UnhandledFailureReporter holder : live) {
        Failure f = holder.failure;
        if (f != null && matches(f, types)) {
          holder.failure = null;
          out.add(f);
        }
        if (holder.failure == null) {
          live.remove(holder);
        }
      }
      synchronized (collected) {
        collected.removeIf(
            f -> {
              if (matches(f, types)) {
                out.add(f);
                return true;
              }
              return false;
            });
      }
      return out;
    }

    /**
     * Fails when any Failure is unhandled now.
     *
     * @throws AssertionError listing each unhandled Failure with its traceback
     */
    public void assertNone() {
      List<Failure> left = unhandled();
      if (!left.isEmpty()) {
        StringBuilder sb = new StringBuilder();
        sb.append(left.size()).append(" unhandled error(s) in Deferred:");
        for (Failure f : left) {
          sb.append('\n').append(f.getTraceback());
        }
        throw new AssertionError(sb.toString());
      }
    }

    /** Stops tracking; what it tracked is forgotten, and nothing is reported because of it. */
    @Override
    public void close() {
      synchronized (UnhandledErrors.class) {
        if (tracker == this) {
          tracker = null;
        }
      }
      live.clear();
      collected.clear();
    }

    private static boolean matches(Failure f, Class<? extends Throwable>[] types) {
      return types.length == 0 || f.check(types) != null;
    }

    @Override
    public String toString() {
      return "UnhandledErrors.Tracker" + Objects.toString(unhandled());
    }
  }
}
