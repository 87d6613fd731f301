package io.fetchd.examples;

import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.Scheduler;
import io.fetchd.reactor.Reactor;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs an example's logic on a real reactor, as Twisted's {@code reactor.run()} followed by
 * {@code reactor.stop()} once the example's Deferred fires. Main thread only.
 */
final class ExampleMain {
  /** The longest any example may take before main gives up. */
  private static final long LIMIT_SECONDS = 60;

  private ExampleMain() {}

  /**
   * As {@link #run}, for a program that needs only a clock: it gets the reactor as a
   * {@link Scheduler} whose time starts at zero, so a story's timestamps read from 0.0 s as they do
   * on the fake clock in the tests.
   */
  static <T> int runOnClock(Function<Scheduler, Deferred<T>> program) {
    return run(reactor -> program.apply(startingNow(reactor)));
  }

  /** {@code clock}, with its time counted from now. */
  static Scheduler startingNow(Scheduler clock) {
    long origin = clock.nanoTime();
    return new Scheduler() {
      @Override
      public long nanoTime() {
        return clock.nanoTime() - origin;
      }

      @Override
      public DelayedCall callLater(Duration delay, Runnable task) {
        return clock.callLater(delay, task);
      }
    };
  }

  /**
   * Starts {@code program} on a new reactor's thread, waits for its Deferred, and stops the
   * reactor. Returns the process exit status: 0 on success, 1 on failure or timeout.
   */
  static <T> int run(Function<Reactor, Deferred<T>> program) {
    try (Reactor reactor = new Reactor(1)) {
      reactor.callOnLoop(() -> program.apply(reactor)).get(LIMIT_SECONDS, TimeUnit.SECONDS);
      return 0;
    } catch (ExecutionException e) {
      System.err.println("failed: " + e.getCause());
      return 1;
    } catch (TimeoutException e) {
      System.err.println("gave up after " + LIMIT_SECONDS + " s");
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
