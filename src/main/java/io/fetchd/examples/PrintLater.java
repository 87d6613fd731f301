package io.fetchd.examples;

import io.fetchd.defer.Deferred;
import io.fetchd.defer.Scheduler;
import io.fetchd.reactor.DeferLater;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Twisted's {@code print_later}: {@code task.deferLater(reactor, 1, f)} prints a message one
 * second later. Run: {@code java -cp target/fetchd.jar io.fetchd.examples.PrintLater}.
 *
 * <p>Thread rule: {@link #run} on the clock's thread.
 */
public final class PrintLater {
  /** The message printed. */
  public static final String MESSAGE = "This ran 1 second after it was scheduled";

  private PrintLater() {}

  /**
   * Schedules the message on {@code clock}.
   *
   * @param clock the clock to wait on
   * @param out where the message goes
   * @return a Deferred that fires (with null) once the message is printed
   */
  public static Deferred<Void> run(Scheduler clock, PrintStream out) {
    return DeferLater.deferLater(
        clock,
        Duration.ofSeconds(1),
        () -> {
          out.println(MESSAGE);
          return null;
        });
  }

  /**
   * Runs the example on a real reactor.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.exit(ExampleMain.runOnClock(clock -> run(clock, System.out)));
  }
}
