package io.fetchd.examples;

import io.fetchd.defer.Deferred;
import io.fetchd.reactor.Reactor;
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
