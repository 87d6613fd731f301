package io.fetchd.defer;

import java.lang.ref.Cleaner;
import java.util.Objects;

/**
 * Reports "Unhandled error in Deferred" when a Deferred whose chain ended in a {@link Failure} is
 * garbage-collected (Twisted's {@code DebugInfo.__del__}, done with {@link Cleaner}).
 *
 * <p>It lives apart from the Deferred so that the Cleaner's action holds no reference to it. A
 * Deferred creates its reporter lazily, the first time its chain stops on a Failure; it clears
 * the Failure when an errback later handles it or passes it on, so each Failure is reported at
 * most once, and never one that was handled. Reports go to the {@link UnhandledErrors.Reporter}
 * installed with {@link UnhandledErrors#setReporter}.
 *
 * <p>Thread rule: {@link #failure} is written by the Deferred's thread and read by the Cleaner's
 * thread (and by an {@link UnhandledErrors.Tracker}), hence volatile.
 */
final class UnhandledFailureReporter implements Runnable {
  private static final Cleaner CLEANER = Cleaner.create();
  private static final System.Logger LOG = System.getLogger(Deferred.class.getName());

  volatile Failure failure;

  private UnhandledFailureReporter() {}

  static UnhandledFailureReporter watch(Deferred<?> deferred) {
    UnhandledFailureReporter reporter = new UnhandledFailureReporter();
    CLEANER.register(deferred, reporter);
    return reporter;
  }

  /** Records that the chain now stops on {@code f}. Deferred's thread. */
  void set(Failure f) {
    failure = f;
    UnhandledErrors.noteUnhandled(this);
  }

  @Override
  public void run() {
    Failure f = failure;
    failure = null;
    if (f != null) {
      UnhandledErrors.reportCollected(f);
    }
  }

  static void report(String message, Throwable t) {
    LOG.log(System.Logger.Level.ERROR, message, t);
  }

  @Override
  public String toString() {
    return "UnhandledFailureReporter[" + Objects.toString(failure) + "]";
  }
}
