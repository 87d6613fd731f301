package io.fetchd.defer;

import java.lang.ref.Cleaner;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Logs "Unhandled error in Deferred" when a Deferred whose chain ended in a {@link Failure} is
 * garbage-collected (Twisted's {@code DebugInfo.__del__}, done with {@link Cleaner}).
 *
 * <p>It lives apart from the Deferred so that the Cleaner's action holds no reference to it. A
 * Deferred creates its reporter lazily, the first time its chain stops on a Failure; it clears
 * the Failure when an errback later handles it or passes it on, so each Failure is reported at
 * most once, and never one that was handled. Reports go to the {@code System.Logger} named
 * {@code io.fetchd.defer.Deferred} at ERROR, or to a sink installed with {@link #setSink}.
 *
 * <p>Thread rule: {@link #failure} is written by the Deferred's thread and read by the Cleaner's
 * thread, hence volatile.
 */
final class UnhandledFailureReporter implements Runnable {
  private static final Cleaner CLEANER = Cleaner.create();
  private static final System.Logger LOG = System.getLogger(Deferred.class.getName());
  private static volatile Consumer<Failure> sink;

  volatile Failure failure;

  private UnhandledFailureReporter() {}

  static UnhandledFailureReporter watch(Deferred<?> deferred) {
    UnhandledFailureReporter reporter = new UnhandledFailureReporter();
    CLEANER.register(deferred, reporter);
    return reporter;
  }

  @Override
  public void run() {
    Failure f = failure;
    failure = null;
    if (f == null) {
      return;
    }
    Consumer<Failure> s = sink;
    if (s != null) {
      s.accept(f);
    }
    LOG.log(System.Logger.Level.ERROR, "Unhandled error in Deferred: " + f.value(), f.value());
  }

  static void report(String message, Throwable t) {
    LOG.log(System.Logger.Level.ERROR, message, t);
  }

  /**
   * Installs an extra receiver of unhandled Failures (for tests and metrics), or removes it with
   * null. The receiver runs on the Cleaner's thread and must be thread-safe.
   */
  static void setSink(Consumer<Failure> receiver) {
    sink = receiver;
  }

  static Consumer<Failure> sink() {
    return sink;
  }

  @Override
  public String toString() {
    return "UnhandledFailureReporter[" + Objects.toString(failure) + "]";
  }
}
